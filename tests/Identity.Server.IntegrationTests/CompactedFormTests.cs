using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Contexts;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.JsonLd;
using Identity.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// What is checked is what is signed, through the VC-API: a credential or presentation secured with an RDF cryptosuite
/// and respelled so that its RDF (and signature) is unchanged but its JSON is not is refused with
/// <c>jsonLdNotCompacted</c> (verify: 422, <c>verified: false</c>; issue: 400). Every test first proves the respelled
/// document has the same canonical N-Quads as the signed one. JCS documents respelled the same way fail the proof.
/// </summary>
[TestClass]
public sealed class CompactedFormTests
{
    private const string Challenge = "compacted-form-nonce";

    private static readonly JsonLdProcessor s_jsonLd = new(new ContextStoreDocumentLoader(
        ContextStore.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "contexts"))));

    private static readonly DataIntegrityProofService s_rdfcWallet = new(
        new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.WithJsonLd(s_jsonLd), TimeProvider.System);

    private static IdentityServerFactory s_factory = null!;
    private static HttpClient s_client = null!;
    private static Scenario.Tenant s_tenant = null!;
    private static Scenario.Patient s_patient = null!;
    private static JsonObject s_rdfc = null!;
    private static JsonObject s_jcs = null!;

    public static IEnumerable<object[]> Rows => Respellings.Rows;

    // Inside a presentation a credential wrapped in @graph is a graph object, not a credential: no attack there.
    public static IEnumerable<object[]> EmbeddedRows => Respellings.Rows.Where(row => (string)row[0] != "graphWrapper");

    [ClassInitialize]
    public static async Task InitializeAsync(TestContext context)
    {
        _ = context;
        s_factory = new IdentityServerFactory();
        s_client = s_factory.CreateClient();
        s_tenant = await s_client.CreateTenantAsync("compacted");
        s_patient = new Scenario.Patient();
        s_rdfc = await s_client.IssueAsync(s_tenant, PatientCredential(s_patient.Did), new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });
        s_jcs = await s_client.IssueAsync(s_tenant, PatientCredential(s_patient.Did), new JsonObject { ["cryptosuite"] = "eddsa-jcs-2022" });
    }

    [ClassCleanup]
    public static async Task CleanupAsync()
    {
        s_patient.Dispose();
        await s_factory.DisposeAsync();
    }

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public async Task VerifyCredential_RespelledRdfc_IsRefusedAsNotCompacted(string respelling)
    {
        var respelled = Respellings.Apply(respelling, s_rdfc);

        var original = await s_client.VerifyAsync(s_rdfc);
        var response = await s_client.VerifyAsync(respelled);

        AssertSameSignedRdf(s_rdfc, respelled);
        original.AssertStatus(HttpStatusCode.OK);
        AssertRefused(response, "credential", "jsonLdNotCompacted");
    }

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public async Task VerifyCredential_RespelledJcs_ProofFails(string respelling)
    {
        var response = await s_client.VerifyAsync(Respellings.Apply(respelling, s_jcs));

        // The JCS proof signs the exact JSON: it fails, unless the respelled JSON is not even a credential any more
        // (no type / everything under @graph), which halts verification before the proof with dataModelViolation.
        (await s_client.VerifyAsync(s_jcs)).AssertStatus(HttpStatusCode.OK);
        var proofChecks = response.Body!["checks"]!.AsArray().Where(c => c!["check"]!.GetValue<string>() == "proof").ToList();
        AssertRefused(response, "credential", proofChecks.Count > 0 ? "invalidProof" : "dataModelViolation");
        Assert.IsTrue(proofChecks.All(c => c!["status"]!.GetValue<string>() == "failed"), response.Text);
    }

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public async Task VerifyPresentation_ThiefPresentsRespelledRdfcCredential_IsRefusedAsNotCompacted(string respelling)
    {
        using var thief = new Scenario.Patient();
        var presentation = thief.Present([Respellings.Apply(respelling, s_rdfc)], Challenge, null);

        var response = await VerifyPresentationAsync(presentation);

        AssertRefused(response, "verifiableCredential[0]", "jsonLdNotCompacted");
    }

    [TestMethod]
    [DataRow("holderAsIri")]
    [DataRow("holderAsKeywordObject")]
    [DataRow("typeAsKeyword")]
    public async Task VerifyPresentation_RdfcPresentationWithRespelledHolder_IsRefusedAsNotCompacted(string respelling)
    {
        // Arrange: the patient's own rdfc presentation, then its holder member respelled (RDF unchanged).
        var presentation = PresentRdfc(s_patient, s_rdfc);
        var respelled = (JsonObject)presentation.DeepClone();
        var holder = respelled["holder"]!.GetValue<string>();
        respelled.Remove(respelling == "typeAsKeyword" ? "type" : "holder");
        switch (respelling)
        {
            case "holderAsIri":
                respelled[Respellings.Credentials + "holder"] = new JsonObject { ["id"] = holder };
                break;
            case "holderAsKeywordObject":
                respelled["holder"] = new JsonObject { ["@id"] = holder };
                break;
            default:
                respelled["@type"] = new JsonArray("VerifiablePresentation");
                break;
        }

        // Act
        var original = await VerifyPresentationAsync(presentation);
        var response = await VerifyPresentationAsync(respelled);

        // Assert
        AssertSameSignedRdf(presentation, respelled);
        original.AssertStatus(HttpStatusCode.OK);
        AssertRefused(response, "presentation", "jsonLdNotCompacted");
    }

    [TestMethod]
    [DynamicData(nameof(EmbeddedRows))]
    public async Task VerifyPresentation_RdfcPresentationCarryingRespelledCredential_RefusedBeforeAnythingElseIsChecked(string respelling)
    {
        var presentation = PresentRdfc(s_patient, s_rdfc);
        var respelled = (JsonObject)presentation.DeepClone();
        respelled["verifiableCredential"] = new JsonArray(Respellings.Apply(respelling, s_rdfc));

        var response = await VerifyPresentationAsync(respelled);

        // The presentation's proof covers the respelled credential, so the presentation fails the rule and the run halts:
        // neither its proof nor the credential it carries is worth checking.
        AssertSameSignedRdf(presentation, respelled);
        AssertRefused(response, "presentation", "jsonLdNotCompacted");
        var targets = response.Body!["checks"]!.AsArray().Select(c => c!["target"]!.GetValue<string>()).Distinct().ToList();
        CollectionAssert.AreEqual(new[] { "presentation" }, targets, response.Text);
    }

    [TestMethod]
    [DataRow("subjectIdAsKeyword")]
    [DataRow("validUntilAsIriValueObject")]
    [DataRow("typedValueObject")]
    [DataRow("inlineTermAlias")]
    [DataRow("typeAsIri")]
    public async Task Issue_RdfcNotCompactedCredential_IsBadRequest(string respelling)
    {
        var requested = Respellings.Apply(respelling, PatientCredential(s_patient.Did));

        var response = await s_client.PostJsonAsync($"/tenants/{s_tenant.Id}/credentials/issue",
            new JsonObject { ["credential"] = requested, ["options"] = new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" } }, s_tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "jsonLdNotCompacted");
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task IssueAttack_ExpiredRevokedRdfcCredentialRespelled_IsRefusedOnItsOwnAndInAThiefsPresentation(Store store)
    {
        // Arrange: an rdfc credential that expires in an hour, revoked, then the clock moves past its validUntil.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = await IdentityServerFactory.CreateAsync(store, clock: clock);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("attack");
        using var victim = new Scenario.Patient();
        var requested = PatientCredential(victim.Did);
        requested["validUntil"] = clock.GetUtcNow().AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var credential = await client.IssueAsync(tenant, requested, new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });
        (await client.SetStatusAsync(tenant, credential, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(2));
        var respelled = Respellings.IssueAttack(credential);
        using var thief = new Scenario.Patient();

        // Act
        var original = await client.VerifyAsync(credential);
        var attack = await client.VerifyAsync(respelled);
        var presented = await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = thief.Present([respelled], Challenge, null),
            ["options"] = new JsonObject { ["challenge"] = Challenge },
        });

        // Assert: the same signed RDF, no validUntil / credentialStatus / subject id in the JSON, and refused.
        AssertSameSignedRdf(credential, respelled);
        Assert.IsNull(respelled["validUntil"]);
        Assert.IsNull(respelled["credentialStatus"]);
        Assert.IsNull(respelled["credentialSubject"]!["id"]);
        AssertRefused(original, "credential", "credentialExpired");
        AssertRefused(original, "credential", "credentialRevoked");
        AssertRefused(attack, "credential", "jsonLdNotCompacted");
        AssertRefused(presented, "verifiableCredential[0]", "jsonLdNotCompacted");
    }

    private static JsonObject PatientCredential(string subject) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
        ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
        ["validUntil"] = "2099-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject { ["id"] = subject, ["givenName"] = "Alice", ["familyName"] = "Example" },
    };

    private static JsonObject PresentRdfc(Scenario.Patient holder, JsonObject credential)
    {
        var presentation = PresentationBuilder.Create(holder.Did, [credential]);
        var signed = PresentationBuilder.Sign(
            s_rdfcWallet, presentation, holder.Key, holder.VerificationMethod, Challenge, null, DateTimeOffset.UtcNow.AddSeconds(-1), "eddsa-rdfc-2022");
        Assert.IsTrue(signed.IsSuccess, signed.ToString());
        return signed.Value;
    }

    private static Task<ApiResponse> VerifyPresentationAsync(JsonObject presentation) =>
        s_client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = presentation.DeepClone(),
            ["options"] = new JsonObject { ["challenge"] = Challenge },
        });

    /// <summary>A 422 problem with <c>verified: false</c> whose errors include <paramref name="code"/> for <paramref name="target"/>.</summary>
    private static void AssertRefused(ApiResponse response, string target, string code)
    {
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, response.Status, response.Text);
        Assert.AreEqual("application/problem+json", response.MediaType);
        Assert.IsFalse(response.Body!["verified"]!.GetValue<bool>());
        Assert.IsFalse(response.Text.Contains("   at ", StringComparison.Ordinal), "no stack trace");
        var errors = response.Body["errors"]!.AsArray().Select(e => $"{e!["target"]}:{e["code"]}").ToList();
        CollectionAssert.Contains(errors, $"{target}:{code}", response.Text);
    }

    /// <summary>The document and proof configuration an RDFC proof signs have the same canonical N-Quads before and after.</summary>
    private static void AssertSameSignedRdf(JsonObject signed, JsonObject respelled)
    {
        var (document, config) = Respellings.SignedParts(signed);
        var (respelledDocument, respelledConfig) = Respellings.SignedParts(respelled);
        Assert.AreEqual(NQuads(document), NQuads(respelledDocument), "the document's RDF must be unchanged");
        Assert.AreEqual(NQuads(config), NQuads(respelledConfig), "the proof configuration's RDF must be unchanged");
    }

    private static string NQuads(JsonObject document)
    {
        var canonical = s_jsonLd.Canonicalize(document, new JsonLdOptions { SafeMode = true });
        Assert.IsTrue(canonical.IsSuccess, canonical.ToString());
        return canonical.Value.NQuads;
    }
}
