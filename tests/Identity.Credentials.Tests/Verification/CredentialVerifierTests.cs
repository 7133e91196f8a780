using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.DidMethods.Jwk;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Verification;

[TestClass]
public sealed partial class CredentialVerifierTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private sealed class Party : IDisposable
    {
        public Party(KeyType type = KeyType.Ed25519)
        {
            Key = SignatureAlgorithms.ForKeyType(type).Value.GenerateKey();
            Did = DidKeyMethod.CreateDid(Key.PublicKey).Value;
            VerificationMethod = $"{Did}#{Did["did:key:".Length..]}";
        }

        public PrivateKey Key { get; }

        public string Did { get; }

        public string VerificationMethod { get; }

        public void Dispose() => Key.Dispose();
    }

    private readonly FakeTimeProvider _time = new(s_now);
    private readonly DataIntegrityProofService _proofs;
    private readonly CredentialVerifier _verifier;

    public CredentialVerifierTests()
    {
        var resolver = new DidResolver([new DidKeyMethod(), new DidJwkMethod()]);
        _proofs = new DataIntegrityProofService(resolver, CryptosuiteRegistry.Default, _time);
        _verifier = new CredentialVerifier(_proofs, _time);
    }

    private static JsonObject Credential(string issuer, string subject, string? validFrom = "2026-01-01T00:00:00Z", string? validUntil = "2027-01-01T00:00:00Z")
    {
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = "urn:uuid:7a4e3c1e-2f0b-4c1e-9d55-0b8f0c6f2a11",
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["issuer"] = issuer,
            ["credentialSubject"] = new JsonObject { ["id"] = subject, ["bloodType"] = "O+" },
        };
        if (validFrom is not null)
        {
            credential["validFrom"] = validFrom;
        }

        if (validUntil is not null)
        {
            credential["validUntil"] = validUntil;
        }

        return credential;
    }

    private JsonObject Sign(JsonObject document, Party signer, string purpose = "assertionMethod", string suite = "eddsa-jcs-2022") =>
        _proofs.AddProof(document, suite, new ProofOptions
        {
            VerificationMethod = signer.VerificationMethod,
            ProofPurpose = purpose,
            Created = s_now.AddDays(-1),
        }, signer.Key).Value;

    private static VerificationCheck Single(VerificationResult result, string check, string target = "credential") =>
        result.Checks.Single(c => c.Check == check && c.Target == target);

    [TestMethod]
    public async Task VerifyCredential_SignedByIssuer_VerifiedWithEveryCheckListed()
    {
        using var issuer = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient"), issuer);

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.DataModel).Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.IssuerResolution).Status);
        // One verificationMethod entry for the proof's key, one for the issuer having made that proof.
        Assert.IsTrue(All(result, CheckNames.VerificationMethod).All(c => c.Status == CheckStatus.Passed));
        Assert.AreEqual(2, All(result, CheckNames.VerificationMethod).Count());
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof).Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.ValidityPeriod).Status);
        Assert.AreEqual(CheckStatus.Skipped, Single(result, CheckNames.CredentialSchema).Status);
        Assert.AreEqual(CheckStatus.Skipped, Single(result, CheckNames.CredentialStatus).Status);
        var json = result.ToJson();
        Assert.IsTrue(json["verified"]!.GetValue<bool>());
        Assert.IsNull(json["errors"]);
    }

    [TestMethod]
    [DataRow(KeyType.P256, "ecdsa-jcs-2019")]
    [DataRow(KeyType.P384, "ecdsa-jcs-2019")]
    public async Task VerifyCredential_EcdsaIssuer_Verified(KeyType type, string suite)
    {
        using var issuer = new Party(type);
        var credential = Sign(Credential(issuer.Did, "did:example:patient"), issuer, suite: suite);

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
    }

    [TestMethod]
    public async Task VerifyCredential_TamperedClaim_ProofFails()
    {
        using var issuer = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient"), issuer);
        credential["credentialSubject"]!["bloodType"] = "AB-";

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(CheckStatus.Failed, Single(result, CheckNames.Proof).Status);
        var error = result.ToJson()["errors"]![0]!;
        Assert.AreEqual("proof", error["check"]!.GetValue<string>());
        Assert.IsTrue(error["type"]!.GetValue<string>().EndsWith("/" + error["code"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", ErrorCodes.CredentialExpired)]
    [DataRow("2026-12-01T00:00:00Z", "2027-06-01T00:00:00Z", ErrorCodes.CredentialNotYetValid)]
    public async Task VerifyCredential_OutsideValidityPeriod_ValidityPeriodFails(string from, string until, string code)
    {
        using var issuer = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient", from, until), issuer);

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.AreEqual(code, Single(result, CheckNames.ValidityPeriod).Error?.Code);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof).Status, "the signature itself is fine");
    }

    [TestMethod]
    public async Task VerifyCredential_WithinClockSkew_Passes()
    {
        using var issuer = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient", "2026-11-21T12:03:00Z", null), issuer);

        var result = await _verifier.VerifyCredentialAsync(credential, new VerificationOptions { ClockSkew = TimeSpan.FromMinutes(5) });

        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.ValidityPeriod).Status);
    }

    [TestMethod]
    public async Task VerifyCredential_SignedBySomeoneElse_VerificationMethodFailsWithIssuerMismatch()
    {
        using var issuer = new Party();
        using var impostor = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient"), impostor);

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(ErrorCodes.IssuerMismatch, All(result, CheckNames.VerificationMethod).Single(c => c.Status == CheckStatus.Failed).Error?.Code);
        StringAssert.Contains(result.Errors.Single().Detail, impostor.Did);
    }

    [TestMethod]
    public async Task VerifyCredential_UnsupportedDidMethod_IssuerResolutionFails()
    {
        using var issuer = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient"), issuer);
        credential["issuer"] = "did:example:hospital";
        credential["proof"]!["verificationMethod"] = "did:example:hospital#key-1";

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.AreEqual(ErrorCodes.MethodNotSupported, Single(result, CheckNames.IssuerResolution).Error?.Code);
        Assert.AreEqual(CheckStatus.Skipped, Single(result, CheckNames.Proof).Status);
    }

    [TestMethod]
    public async Task VerifyCredential_KeyOnlyForKeyAgreement_VerificationMethodFailsWithKeyMismatch()
    {
        // A did:jwk whose JWK says "use":"enc" lists its key only under keyAgreement.
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var jwk = JsonNode.Parse(JwkConverter.ToJson(key.PublicKey))!.AsObject();
        jwk["use"] = "enc";
        var did = "did:jwk:" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(jwk.ToJsonString()));
        var credential = _proofs.AddProof(Credential(did, "did:example:patient"), "ecdsa-jcs-2019", new ProofOptions
        {
            VerificationMethod = did + "#0",
            ProofPurpose = "assertionMethod",
            Created = s_now,
        }, key).Value;

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.AreEqual(ErrorCodes.KeyMismatch, Single(result, CheckNames.VerificationMethod).Error?.Code);
    }

    [TestMethod]
    [DataRow("[]")]
    [DataRow("\"a string\"")]
    [DataRow("{\"type\": [\"VerifiableCredential\"]}")]
    public async Task VerifyCredential_NotACredential_DataModelFails(string json)
    {
        var result = await _verifier.VerifyCredentialAsync(JsonNode.Parse(json));

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(CheckStatus.Failed, Single(result, CheckNames.DataModel).Status);
    }

    [TestMethod]
    public async Task VerifyCredential_NoProof_ProofFails()
    {
        using var issuer = new Party();

        var result = await _verifier.VerifyCredentialAsync(Credential(issuer.Did, "did:example:patient"));

        Assert.AreEqual(ErrorCodes.InvalidProof, Single(result, CheckNames.Proof).Error?.Code);
    }

    [TestMethod]
    public async Task VerifyCredential_InputTree_IsNotModified()
    {
        using var issuer = new Party();
        var credential = Sign(Credential(issuer.Did, "did:example:patient"), issuer);
        var before = credential.ToJsonString();

        await _verifier.VerifyCredentialAsync(credential);

        Assert.AreEqual(before, credential.ToJsonString());
    }
}
