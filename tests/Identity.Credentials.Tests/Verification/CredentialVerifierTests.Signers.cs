// References: W3C Verifiable Credential Data Integrity 1.0 (15 May 2025), §4.6 Verify Proof Sets and Chains,
//   https://www.w3.org/TR/vc-data-integrity/ ; W3C VC Data Model v2.0 §4.13 (holder is optional).
// Vectors: ../shared/test-vectors/vc-di-eddsa/TestVectors (proof-set-chain, eddsa-jcs-2022) and vc-di-ecdsa/TestVectors.
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Testing;
using Kit = Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Verification;

/// <summary>Who must have signed: every proof verifies, one valid proof is the issuer's (DID issuers) or the holder's.</summary>
public sealed partial class CredentialVerifierTests
{
    private static IEnumerable<VerificationCheck> All(VerificationResult result, string check, string target = "credential") =>
        result.Checks.Where(c => c.Check == check && c.Target == target);

    private JsonObject SignAs(JsonObject document, Party signer, string id, params string[] previous) =>
        _proofs.AddProof(document, "eddsa-jcs-2022", new ProofOptions
        {
            Id = id,
            VerificationMethod = signer.VerificationMethod,
            ProofPurpose = "assertionMethod",
            Created = s_now.AddDays(-1),
            PreviousProof = [.. previous],
        }, signer.Key).Value;

    [TestMethod]
    public async Task VerifyCredential_ProofSetWithWitnessAndIssuer_Verified()
    {
        using var issuer = new Party();
        using var witness = new Party();
        var credential = SignAs(SignAs(Credential(issuer.Did, "did:example:patient"), witness, "urn:proof:1"), issuer, "urn:proof:2");

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(2, All(result, CheckNames.Proof).Count(c => c.Status == CheckStatus.Passed));
        StringAssert.Contains(All(result, CheckNames.VerificationMethod).Last().Detail, $"The issuer {issuer.Did} made the proof");
    }

    [TestMethod]
    public async Task VerifyCredential_ChainWitnessThenIssuerWithPreviousProof_Verified()
    {
        using var issuer = new Party();
        using var witness = new Party();
        var credential = SignAs(SignAs(Credential(issuer.Did, "did:example:patient"), witness, "urn:proof:1"), issuer, "urn:proof:2", "urn:proof:1");

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
    }

    [TestMethod]
    public async Task VerifyCredential_ProofSetWithoutIssuerProof_IssuerMismatch()
    {
        using var issuer = new Party();
        using var witness = new Party();
        using var other = new Party();
        var credential = SignAs(SignAs(Credential(issuer.Did, "did:example:patient"), witness, "urn:proof:1"), other, "urn:proof:2");

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(ErrorCodes.IssuerMismatch, result.Errors.Single().Code);
        Assert.AreEqual(2, All(result, CheckNames.Proof).Count(c => c.Status == CheckStatus.Passed), "both signatures are fine; the signer is wrong");
    }

    [TestMethod]
    public async Task VerifyCredential_IssuerProofValidButWitnessProofTampered_Fails()
    {
        // Every proof must verify, not only the issuer's.
        using var issuer = new Party();
        using var witness = new Party();
        var credential = SignAs(SignAs(Credential(issuer.Did, "did:example:patient"), witness, "urn:proof:1"), issuer, "urn:proof:2");
        var witnessProof = credential["proof"]![0]!.AsObject();
        var value = witnessProof["proofValue"]!.GetValue<string>();
        witnessProof["proofValue"] = value[..^2] + (value[^2] == 'A' ? "B" : "A") + value[^1];

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(CheckStatus.Failed, All(result, CheckNames.Proof).First().Status);
        Assert.AreEqual(CheckStatus.Passed, All(result, CheckNames.VerificationMethod).Last().Status, "the issuer did make a valid proof");
    }

    [TestMethod]
    public async Task VerifyCredential_HttpsIssuer_PassesWithWarningThatControlIsUnchecked()
    {
        using var signer = new Party();
        var credential = Sign(Credential("https://hospital.example/issuers/1", "did:example:patient"), signer);

        var result = await _verifier.VerifyCredentialAsync(credential);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(CheckStatus.Skipped, All(result, CheckNames.VerificationMethod).Last().Status);
        var warning = result.Warnings.Single();
        StringAssert.Contains(warning, "'https://hospital.example/issuers/1' is not a DID");
        StringAssert.Contains(warning, "allow-list");
    }

    [TestMethod]
    [DataRow("vc-di-eddsa/TestVectors/proof-set-chain/signedProofSet2.json", 2)]
    [DataRow("vc-di-eddsa/TestVectors/proof-set-chain/signedProofChain2.json", 4)]
    [DataRow("vc-di-eddsa/TestVectors/eddsa-jcs-2022/signedJCS.json", 1)]
    [DataRow("vc-di-ecdsa/TestVectors/ecdsa-jcs-2019-p256/signedJCSECDSAP256.json", 1)]
    [DataRow("vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384/signedECDSAP384.json", 1)]
    public async Task VerifyCredential_W3cSignedVector_VerifiedWithUncheckedIssuerWarning(string vector, int proofs)
    {
        // The specifications' own vectors: issuer https://vc.example/issuers/5678, keys did:key:… of other controllers.
        // After the last proof of the chain vectors (2023-02-26T22:16:38Z).
        var now = new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var verifier = new CredentialVerifier(Kit.CreateService(now), new FakeTimeProvider(now), jsonLd: Kit.JsonLd);
        var credential = Kit.LoadObject(TestVectors.Path([.. vector.Split('/')]));

        var result = await verifier.VerifyCredentialAsync(credential);

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(proofs, All(result, CheckNames.Proof).Count(c => c.Status == CheckStatus.Passed));
        StringAssert.Contains(result.Warnings.Single(), "'https://vc.example/issuers/5678' is not a DID");
    }

    private JsonObject PresentWithoutHolder(Party presenter, IEnumerable<JsonObject> credentials)
    {
        var presentation = PresentationBuilder.Create(presenter.Did, credentials);
        presentation.Remove("holder");
        return PresentationBuilder.Sign(_proofs, presentation, presenter.Key, presenter.VerificationMethod, Challenge, Domain, s_now).Value;
    }

    [TestMethod]
    public async Task VerifyPresentation_NoHolderNoCredentials_PresenterAuthenticates()
    {
        using var presenter = new Party();

        var result = await _verifier.VerifyPresentationAsync(
            PresentWithoutHolder(presenter, []), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        StringAssert.Contains(All(result, CheckNames.VerificationMethod, "presentation").Last().Detail, $"its presenter is {presenter.Did}");
    }

    [TestMethod]
    public async Task VerifyPresentation_NoHolder_PresenterIsSubject_HolderBindingPasses()
    {
        using var issuer = new Party();
        using var patient = new Party();
        var credential = Sign(Credential(issuer.Did, patient.Did), issuer);

        var result = await _verifier.VerifyPresentationAsync(
            PresentWithoutHolder(patient, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.HolderBinding, "presentation").Status);
    }

    [TestMethod]
    public async Task VerifyPresentation_NoHolder_CredentialAboutSomeoneElse_HolderBindingStillFails()
    {
        // Strict by policy: leaving out holder must not be a way around holder binding.
        using var issuer = new Party();
        using var patient = new Party();
        using var thief = new Party();
        var credential = Sign(Credential(issuer.Did, patient.Did), issuer);

        var result = await _verifier.VerifyPresentationAsync(
            PresentWithoutHolder(thief, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsFalse(result.Verified);
        var binding = Single(result, CheckNames.HolderBinding, "presentation");
        Assert.AreEqual(ErrorCodes.HolderMismatch, binding.Error?.Code);
        StringAssert.Contains(binding.Detail, thief.Did);
    }

    [TestMethod]
    public async Task VerifyPresentation_HolderButProofBySomeoneElse_HolderMismatch()
    {
        using var patient = new Party();
        using var thief = new Party();
        var presentation = PresentationBuilder.Create(patient.Did, []);
        presentation = PresentationBuilder.Sign(_proofs, presentation, thief.Key, thief.VerificationMethod, Challenge, Domain, s_now).Value;

        var result = await _verifier.VerifyPresentationAsync(presentation, new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(ErrorCodes.HolderMismatch, All(result, CheckNames.VerificationMethod, "presentation").Last().Error?.Code);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof, "presentation").Status);
    }

    [TestMethod]
    public async Task VerifyPresentation_NoHolderAndProofsBySeveralControllers_IsAmbiguous()
    {
        using var first = new Party();
        using var second = new Party();
        var presentation = PresentWithoutHolder(first, []);
        presentation = PresentationBuilder.Sign(_proofs, presentation, second.Key, second.VerificationMethod, Challenge, Domain, s_now).Value;

        var result = await _verifier.VerifyPresentationAsync(presentation, new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsFalse(result.Verified);
        StringAssert.Contains(All(result, CheckNames.VerificationMethod, "presentation").Last().Detail, "ambiguous");
    }
}
