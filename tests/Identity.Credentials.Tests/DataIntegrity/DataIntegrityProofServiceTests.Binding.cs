// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.4 Verify Proof
//   (verification method, purpose, challenge, domain), https://www.w3.org/TR/vc-data-integrity/#verify-proof ;
//   W3C DID v1.0 §5.3 Verification Relationships, https://www.w3.org/TR/did-core/#verification-relationships
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>Key binding, challenge and domain, and signing-side failures.</summary>
public sealed partial class DataIntegrityProofServiceTests
{
    private const string HolderDid = "did:example:holder";
    private const string HolderKeyId = HolderDid + "#key-1";

    /// <summary>A DID document whose only key is authorised for authentication, not for assertions.</summary>
    private static DidDocument AuthenticationOnly(PublicKey key)
    {
        var method = VerificationMethod.FromMultikey(HolderKeyId, HolderDid, key);
        return new DidDocument
        {
            Id = Did.Parse(HolderDid).Value,
            VerificationMethod = [method],
            Authentication = [VerificationMethodReference.Reference(method.Id)],
        };
    }

    [TestMethod]
    public async Task VerifyAsync_MethodNotAuthorisedForPurpose_IsKeyMismatch()
    {
        using PrivateKey key = NewKey();
        JsonObject secured = Sign(key, o => o with { VerificationMethod = HolderKeyId });

        await AssertFailsAsync(ErrorCodes.KeyMismatch, secured, s_assertion, AuthenticationOnly(key.PublicKey));
    }

    [TestMethod]
    public async Task VerifyAsync_MethodAuthorisedForAuthentication_IsVerifiedForPresentations()
    {
        using PrivateKey key = NewKey();
        JsonObject secured = Sign(key, o => o with { VerificationMethod = HolderKeyId }, purpose: "authentication");

        ProofVerification result = await VerifySingleAsync(
            secured, new ProofExpectations { ProofPurpose = VerificationRelationship.Authentication }, AuthenticationOnly(key.PublicKey));

        Assert.IsTrue(result.Verified, result.Error?.ToString());
    }

    [TestMethod]
    public async Task VerifyAsync_UnresolvableMethod_IsNotFound()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.NotFound, Sign(key, o => o with { VerificationMethod = "did:example:nobody#key-1" }));
    }

    [TestMethod]
    public async Task VerifyAsync_MethodOfAnotherKey_IsInvalidProof()
    {
        using PrivateKey key = NewKey();
        using PrivateKey other = NewKey(2);
        await AssertFailsAsync(ErrorCodes.InvalidProof, Sign(key, o => o with { VerificationMethod = DidKeyMethodId(other.PublicKey) }));
    }

    [TestMethod]
    public async Task VerifyAsync_MatchingChallengeAndDomain_IsVerified()
    {
        using PrivateKey key = NewKey();
        JsonObject secured = Sign(key, o => o with { Challenge = "c-123", Domain = "https://verifier.example" });

        ProofVerification result = await VerifySingleAsync(secured, s_assertion with { Challenge = "c-123", Domain = "https://verifier.example" });

        Assert.IsTrue(result.Verified, result.Error?.ToString());
    }

    [TestMethod]
    [DataRow("c-999", DisplayName = "different challenge")]
    [DataRow(null, DisplayName = "no challenge")]
    public async Task VerifyAsync_WrongChallenge_IsChallengeMismatch(string? challenge)
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.ChallengeMismatch, Sign(key, o => o with { Challenge = challenge }), s_assertion with { Challenge = "c-123" });
    }

    [TestMethod]
    [DataRow("https://evil.example", DisplayName = "different domain")]
    [DataRow(null, DisplayName = "no domain")]
    public async Task VerifyAsync_WrongDomain_IsDomainMismatch(string? domain)
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.DomainMismatch, Sign(key, o => o with { Domain = domain }), s_assertion with { Domain = "https://verifier.example" });
    }

    [TestMethod]
    public void AddProof_UnknownCryptosuite_IsUnsupportedCryptosuite()
    {
        using PrivateKey key = NewKey();
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = "assertionMethod" };

        Result<JsonObject> secured = CreateService(s_now).AddProof(Credential(), "eddsa-2099", options, key);

        Assert.AreEqual(ErrorCodes.UnsupportedCryptosuite, secured.Error?.Code);
    }

    [TestMethod]
    public void AddProof_KeyTheSuiteCannotUse_IsKeyMismatch()
    {
        using PrivateKey key = SignatureAlgorithms.P256.GenerateKey();
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = "assertionMethod" };

        Result<JsonObject> secured = CreateService(s_now).AddProof(Credential(), EddsaJcs2022.CryptosuiteName, options, key);

        Assert.AreEqual(ErrorCodes.KeyMismatch, secured.Error?.Code);
    }

    [TestMethod]
    public void AddProof_NoCreated_UsesTheClock()
    {
        using PrivateKey key = NewKey();
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = "assertionMethod" };

        Result<JsonObject> secured = CreateService(s_now).AddProof(Credential(), EddsaJcs2022.CryptosuiteName, options, key);

        Assert.AreEqual("2025-06-01T12:00:00Z", secured.Value["proof"]!["created"]!.GetValue<string>());
    }

    [TestMethod]
    public void Registry_UnknownOrNullName_IsUnsupportedCryptosuite()
    {
        Assert.AreEqual(ErrorCodes.UnsupportedCryptosuite, CryptosuiteRegistry.Default.Get("nope").Error?.Code);
        Assert.AreEqual(ErrorCodes.UnsupportedCryptosuite, CryptosuiteRegistry.Default.Get(null).Error?.Code);
        CollectionAssert.AreEquivalent(new[] { EddsaJcs2022.CryptosuiteName, EcdsaJcs2019.CryptosuiteName }, CryptosuiteRegistry.Default.Names.ToArray());
    }
}
