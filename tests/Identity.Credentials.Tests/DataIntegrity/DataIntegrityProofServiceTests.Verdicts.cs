// References: spruceid/ssi (two-level verification outcome), https://github.com/spruceid/ssi ; W3C Verifiable
//   Credential Data Integrity 1.0 (2025), §4.4 Verify Proof, https://www.w3.org/TR/vc-data-integrity/#verify-proof
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>Each outcome carries its typed level: not checked (and why), or checked and valid or invalid.</summary>
public sealed partial class DataIntegrityProofServiceTests
{
    private static async Task<ProofVerdict> VerdictAsync(JsonObject document, ProofExpectations? expectations = null) =>
        (await VerifySingleAsync(document, expectations)).Verdict;

    [TestMethod]
    public async Task Verdict_FreshProof_IsCheckedAndValid()
    {
        using PrivateKey key = NewKey();

        ProofVerdict verdict = await VerdictAsync(Sign(key));

        Assert.IsTrue(verdict.Checked);
        Assert.IsTrue(verdict.IsValid);
        Assert.IsNull(verdict.Error);
    }

    [TestMethod]
    public async Task Verdict_TamperedField_IsCheckedAndInvalid()
    {
        using PrivateKey key = NewKey();
        JsonObject tampered = Sign(key);
        tampered["credentialSubject"]!["name"] = "Eve";

        ProofVerdict verdict = await VerdictAsync(tampered);

        Assert.IsTrue(verdict.Checked);
        Assert.IsFalse(verdict.IsValid);
        Assert.AreEqual(ErrorCodes.InvalidProof, verdict.Error!.Code);
    }

    [TestMethod]
    public async Task Verdict_MissingProofValue_IsNotCheckedMalformedProof()
    {
        using PrivateKey key = NewKey();

        ProofVerdict verdict = await VerdictAsync(WithProofField(Sign(key), "proofValue", null));

        Assert.AreEqual(UncheckedReason.MalformedProof, verdict.Reason);
        Assert.AreEqual(ErrorCodes.MalformedProof, verdict.Error!.Code);
    }

    [TestMethod]
    public async Task Verdict_UnknownCryptosuite_IsNotCheckedUnsupportedCryptosuite()
    {
        using PrivateKey key = NewKey();

        ProofVerdict verdict = await VerdictAsync(WithProofField(Sign(key), "cryptosuite", "bbs-2099"));

        Assert.AreEqual(UncheckedReason.UnsupportedCryptosuite, verdict.Reason);
    }

    [TestMethod]
    public async Task Verdict_MethodOfAnUnknownDid_IsNotCheckedUnresolvableKey()
    {
        using PrivateKey key = NewKey();

        ProofVerdict verdict = await VerdictAsync(Sign(key, o => o with { VerificationMethod = "did:example:nobody#key-1" }));

        Assert.AreEqual(UncheckedReason.UnresolvableKey, verdict.Reason);
        Assert.AreEqual(ErrorCodes.NotFound, verdict.Error!.Code);
    }

    [TestMethod]
    public async Task Verdict_MethodNotAuthorisedForThePurpose_IsNotCheckedKeyNotAuthorized()
    {
        using PrivateKey key = NewKey();
        var keyAgreement = new ProofExpectations { ProofPurpose = VerificationRelationship.KeyAgreement };

        ProofVerdict verdict = await VerdictAsync(Sign(key, purpose: "keyAgreement"), keyAgreement);

        Assert.AreEqual(UncheckedReason.KeyNotAuthorized, verdict.Reason);
        Assert.AreEqual(ErrorCodes.KeyMismatch, verdict.Error!.Code);
    }

    [TestMethod]
    public async Task Verdict_ExpiredProof_IsCheckedAndInvalid()
    {
        using PrivateKey key = NewKey();

        ProofVerdict verdict = await VerdictAsync(Sign(key, o => o with { Expires = s_now.AddMinutes(-1) }));

        Assert.IsTrue(verdict.Checked);
        Assert.AreEqual(ErrorCodes.ProofExpired, verdict.Error!.Code);
    }

    [TestMethod]
    public void Verdict_RdfcDocumentWithAnUndefinedTermAfterSigning_IsNotCheckedMalformedDocument()
    {
        // Arrange: a valid eddsa-rdfc-2022 proof, then a term no context defines (safe mode cannot map it to RDF).
        using PrivateKey key = NewKey();
        ICryptosuite suite = Suites.Get(EddsaRdfc2022.CryptosuiteName).Value;
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = "assertionMethod", Created = s_now };
        JsonObject document = Credential();
        JsonObject proof = suite.CreateProof(document, options, key).Value;
        var extended = (JsonObject)document.DeepClone();
        extended["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["@vocab"] = null });
        extended["undefinedTerm"] = "x";

        // Act
        ProofVerdict valid = suite.Verify(document, proof, key.PublicKey);
        ProofVerdict unchecked_ = suite.Verify(extended, proof, key.PublicKey);

        // Assert: the single-level view keeps its shape (outer error, same code).
        Assert.IsTrue(valid.IsValid, valid.Error?.ToString());
        Assert.AreEqual(UncheckedReason.MalformedDocument, unchecked_.Reason);
        Assert.AreEqual(ErrorCodes.InvalidJsonLd, suite.VerifyProof(extended, proof, key.PublicKey).Error?.Code);
    }

    [TestMethod]
    public async Task VerifyCredential_UnresolvableAndTampered_ChecksCarryTheirLevel()
    {
        using PrivateKey key = NewKey();
        var verifier = new CredentialVerifier(CreateService(s_now), new FakeTimeProvider(s_now));
        JsonObject tampered = Sign(key);
        tampered["credentialSubject"]!["name"] = "Eve";

        var unresolvable = await verifier.VerifyCredentialAsync(Sign(key, o => o with { VerificationMethod = "did:example:nobody#key-1" }));
        var invalid = await verifier.VerifyCredentialAsync(tampered);

        var resolution = unresolvable.Checks.Single(c => c.Check == CheckNames.IssuerResolution);
        Assert.AreEqual(UncheckedReason.UnresolvableKey, resolution.Unchecked);
        var proof = invalid.Checks.Single(c => c.Check == CheckNames.Proof);
        Assert.AreEqual(CheckStatus.Failed, proof.Status);
        Assert.IsNull(proof.Unchecked, "a checked, invalid signature is not 'could not be checked'");
    }
}
