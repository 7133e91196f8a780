using System.Text.Json.Nodes;
using Identity.Credentials.Tests.DataIntegrity;
using Identity.Credentials.Verification;

namespace Identity.Credentials.Tests.Verification;

/// <summary>
/// Issue 23: a VC 2.0 presentation's JSON-LD expansion covers its embedded credentials (VerifiablePresentation's scoped
/// context gives <c>verifiableCredential</c> <c>"@context": null</c>), so a credential's own expansion is not repeated
/// when the presentation expanded in full. The embedded credential's <c>dataModel</c> verdict must stay exactly what
/// verifying the same credential alone gives.
/// </summary>
public sealed partial class CredentialVerifierTests
{
    private const string Health = "https://identity.example/ns/health/v1";

    public static IEnumerable<object[]> JsonLdVariants =>
    [
        ["defined type", new JsonArray("https://www.w3.org/ns/credentials/v2", Health), null!, true],
        ["type the contexts do not define", new JsonArray("https://www.w3.org/ns/credentials/v2"), null!, false],
        ["protected term redefined inline", new JsonArray("https://www.w3.org/ns/credentials/v2", Health, new JsonObject { ["id"] = "https://attacker.example/id" }), null!, false],
        ["@vocab reset inline (the types stay defined)", new JsonArray("https://www.w3.org/ns/credentials/v2", Health, new JsonObject { ["@vocab"] = null }), null!, true],
        ["subject claim under an invalid @id", new JsonArray("https://www.w3.org/ns/credentials/v2", Health), "_:b0 not an iri", true],
    ];

    private CredentialVerifier JsonLdVerifier() => new(_proofs, _time, jsonLd: DataIntegrityTestKit.JsonLd);

    [TestMethod]
    [DynamicData(nameof(JsonLdVariants))]
    public async Task VerifyPresentation_EmbeddedCredentialJsonLd_SameDataModelVerdictAsTheCredentialAlone(string name, JsonArray context, string? subjectId, bool conforms)
    {
        // Arrange
        using var issuer = new Party();
        using var patient = new Party();
        JsonObject credential = Credential(issuer.Did, patient.Did);
        credential["@context"] = context.DeepClone();
        if (subjectId is not null)
        {
            credential["credentialSubject"]!["type"] = subjectId;
        }

        credential = Sign(credential, issuer);
        CredentialVerifier verifier = JsonLdVerifier();

        // Act
        VerificationResult alone = await verifier.VerifyCredentialAsync(credential);
        VerificationResult presented = await verifier.VerifyPresentationAsync(
            Present(patient, [credential]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        // Assert
        VerificationCheck expected = Single(alone, CheckNames.DataModel);
        Assert.AreEqual(conforms ? CheckStatus.Passed : CheckStatus.Failed, expected.Status, $"{name}: {expected.Error?.Detail}");
        VerificationCheck actual = Single(presented, CheckNames.DataModel, "verifiableCredential[0]");
        Assert.AreEqual(expected.Status, actual.Status, name);
        Assert.AreEqual(expected.Error?.Code, actual.Error?.Code, name);
        Assert.AreEqual(expected.Error?.Detail, actual.Error?.Detail, name);
        Assert.AreEqual(expected.Status == CheckStatus.Passed, Single(presented, CheckNames.DataModel, "presentation").Status == CheckStatus.Passed,
            $"{name}: the presentation's own JSON-LD check sees the embedded credential too");
    }

    [TestMethod]
    public async Task VerifyPresentation_ConformingCredentialWithJsonLd_Verified()
    {
        using var issuer = new Party();
        using var patient = new Party();
        JsonObject credential = Credential(issuer.Did, patient.Did);
        credential["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", Health);

        VerificationResult result = await JsonLdVerifier().VerifyPresentationAsync(
            Present(patient, [Sign(credential, issuer)]), new VerificationOptions { Challenge = Challenge, Domain = Domain });

        Assert.IsTrue(result.Verified, string.Join("; ", result.Errors));
    }
}
