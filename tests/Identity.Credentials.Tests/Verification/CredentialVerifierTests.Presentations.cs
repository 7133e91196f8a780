using System.Text.Json.Nodes;
using Identity.Credentials.Presentations;
using Identity.Credentials.Verification;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Verification;

public sealed partial class CredentialVerifierTests
{
    private const string Challenge = "c-7f3a9d";
    private const string Domain = "https://provider.example";

    private JsonObject Present(Party holder, IEnumerable<JsonObject> credentials, string? challenge = Challenge, string? domain = Domain) =>
        PresentationBuilder.Sign(_proofs, PresentationBuilder.Create(holder.Did, credentials), holder.Key, holder.VerificationMethod, challenge, domain, s_now).Value;

    [TestMethod]
    public async Task VerifyPresentation_HolderIsSubject_Verified()
    {
        using var issuer = new Party();
        using var patient = new Party();
        var credential = Sign(Credential(issuer.Did, patient.Did), issuer);

        var result = await _verifier.VerifyPresentationAsync(
            Present(patient, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof, "presentation").Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Challenge, "presentation").Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Domain, "presentation").Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.HolderBinding, "presentation").Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof, "verifiableCredential[0]").Status);
    }

    [TestMethod]
    [DataRow("other-challenge", Domain, CheckNames.Challenge, ErrorCodes.ChallengeMismatch)]
    [DataRow(Challenge, "https://evil.example", CheckNames.Domain, ErrorCodes.DomainMismatch)]
    [DataRow(null, Domain, CheckNames.Challenge, ErrorCodes.ChallengeRequired)]
    public async Task VerifyPresentation_WrongChallengeOrDomain_ThatCheckFails(string? challenge, string domain, string check, string code)
    {
        using var patient = new Party();

        var result = await _verifier.VerifyPresentationAsync(
            Present(patient, [], challenge, domain), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(code, Single(result, check, "presentation").Error?.Code);
    }

    [TestMethod]
    public async Task VerifyPresentation_StolenCredential_HolderBindingFails()
    {
        using var issuer = new Party();
        using var patient = new Party();
        using var thief = new Party();
        var credential = Sign(Credential(issuer.Did, patient.Did), issuer);

        var result = await _verifier.VerifyPresentationAsync(
            Present(thief, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(ErrorCodes.HolderMismatch, Single(result, CheckNames.HolderBinding, "presentation").Error?.Code);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof, "presentation").Status, "the thief's own signature is valid");
    }

    [TestMethod]
    public async Task VerifyPresentation_TamperedEmbeddedCredential_CredentialProofFails()
    {
        using var issuer = new Party();
        using var patient = new Party();
        var credential = Sign(Credential(issuer.Did, patient.Did), issuer);
        credential["credentialSubject"]!["bloodType"] = "AB-";

        var result = await _verifier.VerifyPresentationAsync(
            Present(patient, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsFalse(result.Verified);
        Assert.AreEqual(CheckStatus.Failed, Single(result, CheckNames.Proof, "verifiableCredential[0]").Status);
        Assert.AreEqual(CheckStatus.Passed, Single(result, CheckNames.Proof, "presentation").Status);
    }

    [TestMethod]
    public async Task VerifyPresentation_SignedWithAssertionPurpose_ProofPurposeFails()
    {
        using var patient = new Party();
        var presentation = Sign(PresentationBuilder.Create(patient.Did, []), patient, purpose: "assertionMethod");

        var result = await _verifier.VerifyPresentationAsync(presentation);

        Assert.IsFalse(result.Verified);
        Assert.IsTrue(result.Checks.Any(c => c.Status == CheckStatus.Failed && c.Check is CheckNames.Proof or CheckNames.VerificationMethod));
    }

    [TestMethod]
    public async Task VerifyPresentation_BearerCredential_PassesWithWarning()
    {
        using var issuer = new Party();
        using var patient = new Party();
        var credential = Credential(issuer.Did, "unused");
        credential["credentialSubject"] = new JsonObject { ["vaccinated"] = true };
        credential = Sign(credential, issuer);

        var result = await _verifier.VerifyPresentationAsync(Present(patient, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
        Assert.IsTrue(result.Warnings.Any(w => w.Contains("bearer", StringComparison.Ordinal)));
    }
}
