// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.4 Verify Proof and
//   §2.1 Proofs, https://www.w3.org/TR/vc-data-integrity/#verify-proof
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>Bad input: every case is a failed <see cref="ProofVerification"/> with a stable code, never an exception.</summary>
[TestClass]
public sealed partial class DataIntegrityProofServiceTests
{
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    private static PrivateKey NewKey(byte fill = 1) =>
        SignatureAlgorithms.Ed25519.ImportPrivateKey(Enumerable.Repeat(fill, 32).ToArray()).Value;

    private static JsonObject Credential() => JsonNode.Parse("""
        {"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
         "issuer":"https://hospital.example","credentialSubject":{"id":"did:example:patient","name":"Ada"}}
        """)!.AsObject();

    private static JsonObject Sign(PrivateKey key, Func<ProofOptions, ProofOptions>? adjust = null, string purpose = "assertionMethod")
    {
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = purpose, Created = s_now.AddHours(-1) };
        Result<JsonObject> secured = CreateService(s_now).AddProof(Credential(), EddsaJcs2022.CryptosuiteName, adjust is null ? options : adjust(options), key);
        Assert.IsTrue(secured.IsSuccess, secured.ToString());
        return secured.Value;
    }

    private static async Task<ProofVerification> VerifySingleAsync(JsonObject document, ProofExpectations? expectations = null, params DidDocument[] examples)
    {
        IReadOnlyList<ProofVerification> results = await CreateService(s_now, examples).VerifyAsync(document, expectations ?? s_assertion);
        Assert.HasCount(1, results);
        Assert.AreEqual(results[0].Verified, results[0].Error is null, "Error must be set iff not verified.");
        return results[0];
    }

    private static async Task AssertFailsAsync(string code, JsonObject document, ProofExpectations? expectations = null, params DidDocument[] examples)
    {
        ProofVerification result = await VerifySingleAsync(document, expectations, examples);
        Assert.IsFalse(result.Verified);
        Assert.AreEqual(code, result.Error!.Code, result.Error.ToString());
    }

    private static JsonObject WithProofField(JsonObject document, string name, JsonNode? value)
    {
        var copy = (JsonObject)document.DeepClone();
        if (value is null)
        {
            copy["proof"]!.AsObject().Remove(name);
        }
        else
        {
            copy["proof"]![name] = value;
        }

        return copy;
    }

    [TestMethod]
    public async Task VerifyAsync_FreshProof_IsVerified()
    {
        using PrivateKey key = NewKey();
        JsonObject secured = Sign(key);

        ProofVerification result = await VerifySingleAsync(secured);

        Assert.IsTrue(result.Verified, result.Error?.ToString());
        Assert.AreEqual(DidKeyMethodId(key.PublicKey), result.VerificationMethod);
        Assert.AreEqual("assertionMethod", result.ProofPurpose);
    }

    [TestMethod]
    public async Task VerifyAsync_NoProof_IsInvalidProof() => await AssertFailsAsync(ErrorCodes.InvalidProof, Credential());

    [TestMethod]
    public async Task VerifyAsync_ProofNotAnObject_IsMalformedProof()
    {
        JsonObject document = Credential();
        document["proof"] = "z123";
        await AssertFailsAsync(ErrorCodes.MalformedProof, document);
    }

    [TestMethod]
    public async Task VerifyAsync_UnknownCryptosuite_IsUnsupportedCryptosuite()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.UnsupportedCryptosuite, WithProofField(Sign(key), "cryptosuite", "eddsa-2099"));
    }

    [TestMethod]
    public async Task VerifyAsync_OtherProofType_IsUnsupportedCryptosuite()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.UnsupportedCryptosuite, WithProofField(Sign(key), "type", "Ed25519Signature2020"));
    }

    [TestMethod]
    public async Task VerifyAsync_MissingProofValue_IsMalformedProof()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.MalformedProof, WithProofField(Sign(key), "proofValue", null));
    }

    [TestMethod]
    [DataRow("uAAAA", DisplayName = "base64url prefix")]
    [DataRow("z0OIl", DisplayName = "characters outside base58btc")]
    [DataRow("", DisplayName = "empty")]
    [DataRow("z", DisplayName = "prefix only")]
    public async Task VerifyAsync_ProofValueNotBase58Btc_IsMalformedProof(string proofValue)
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.MalformedProof, WithProofField(Sign(key), "proofValue", proofValue));
    }

    [TestMethod]
    [DataRow(63)]
    [DataRow(65)]
    [DataRow(96)]
    public async Task VerifyAsync_WrongLengthSignature_IsMalformedProof(int length)
    {
        using PrivateKey key = NewKey();
        string proofValue = Multibase.Encode(MultibaseEncoding.Base58Btc, new byte[length]);
        await AssertFailsAsync(ErrorCodes.MalformedProof, WithProofField(Sign(key), "proofValue", proofValue));
    }

    [TestMethod]
    public async Task VerifyAsync_TamperedCredentialField_IsInvalidProof()
    {
        using PrivateKey key = NewKey();
        JsonObject secured = Sign(key);
        secured["credentialSubject"]!["name"] = "Eve";
        await AssertFailsAsync(ErrorCodes.InvalidProof, secured);
    }

    [TestMethod]
    public async Task VerifyAsync_TamperedCreated_IsInvalidProof()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.InvalidProof, WithProofField(Sign(key), "created", "2025-06-01T10:00:01Z"));
    }

    [TestMethod]
    [DataRow("yesterday")]
    [DataRow("2025-06-01T10:00:00")]
    public async Task VerifyAsync_CreatedNotDateTimeStamp_IsMalformedProof(string created)
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.MalformedProof, WithProofField(Sign(key), "created", created));
    }

    [TestMethod]
    public async Task VerifyAsync_CreatedInTheFuture_IsInvalidProof()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.InvalidProof, Sign(key, o => o with { Created = s_now.AddHours(1) }));
    }

    [TestMethod]
    public async Task VerifyAsync_Expired_IsProofExpired()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.ProofExpired, Sign(key, o => o with { Expires = s_now.AddMinutes(-1) }));
    }

    [TestMethod]
    public async Task VerifyAsync_ProofPurposeMismatch_IsProofPurposeMismatch()
    {
        using PrivateKey key = NewKey();
        await AssertFailsAsync(ErrorCodes.ProofPurposeMismatch, Sign(key), new ProofExpectations { ProofPurpose = VerificationRelationship.Authentication });
    }
}
