using System.Text.Json.Nodes;
using Identity.Credentials.Tests.DataIntegrity;
using Identity.Credentials.Validation;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Credentials.Tests.Validation;

/// <summary>
/// The W3C VC Data Model 2.0 test-suite fixtures (<c>vc-data-model-2.0/tests/input</c>, see SOURCES.md): every
/// <c>*-ok.json</c> must be accepted and every <c>*-fail*.json</c> rejected, with the JSON-LD rules on (contexts from the
/// shipped store plus the test-only examples context).
/// </summary>
/// <remarks>
/// The suite posts credential fixtures to an issuer, which supplies the <c>issuer</c> when the fixture leaves it out
/// (or leaves out <c>issuer.id</c>), and fills the <c>PAST DATE</c> / <c>FUTURE DATE</c> placeholders with timestamps
/// before posting; <see cref="AsIssuerInput"/> does the same, so the fixtures mean here what they mean there.
/// Presentation fixtures are validated as they are. The three <c>presentation-self-asserted-vc-*</c> fixtures without an
/// -ok / -fail suffix state no expected outcome and are not part of this theory.
/// </remarks>
[TestClass]
public sealed class DataModelFixtureTests
{
    private const string DefaultIssuer = "did:example:issuer";

    public static IEnumerable<object[]> Fixtures() =>
        Directory.EnumerateFiles(InputDirectory, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(InputDirectory, path).Replace('\\', '/'))
            .Where(name => ExpectedToBeAccepted(name) is not null)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    private static string InputDirectory => TestVectors.Path("vc-data-model-2.0", "tests", "input");

    [TestMethod]
    [DynamicData(nameof(Fixtures))]
    public void Fixture_IsJudgedAsItsNameSays(string fixture)
    {
        // Arrange
        bool expectedAccepted = ExpectedToBeAccepted(fixture)!.Value;
        JsonObject document = JsonNode.Parse(File.ReadAllText(Path.Combine(InputDirectory, fixture)))!.AsObject();

        // Act
        IReadOnlyList<Error> errors = IsPresentation(fixture, document)
            ? DataModelValidator.ValidatePresentation(document, DataIntegrityTestKit.JsonLd)
            : DataModelValidator.ValidateCredential(AsIssuerInput(document), DataIntegrityTestKit.JsonLd);

        // Assert
        bool judgedRight = (errors.Count == 0) == expectedAccepted;

        Assert.IsTrue(judgedRight, expectedAccepted
            ? $"{fixture} should be accepted but: {string.Join("; ", errors)}"
            : $"{fixture} should be rejected but was accepted.");
        Assert.IsTrue(errors.All(e => e.Code == ErrorCodes.DataModelViolation));
    }

    [TestMethod]
    [DataRow("credential-redef-type-fail.json", "protected term redefinition")]
    [DataRow("credential-redef-type2-fail.json", "protected term redefinition")]
    [DataRow("credential-type-unmapped-fail.json", "invalid type value")]
    [DataRow("credential-type-mapped-nonurl-fail.json", "invalid IRI mapping")]
    public void Fixture_NeedingJsonLd_IsRejectedForTheJsonLdReason(string fixture, string jsonLdCode)
    {
        JsonObject document = JsonNode.Parse(File.ReadAllText(Path.Combine(InputDirectory, fixture)))!.AsObject();

        IReadOnlyList<Error> withoutJsonLd = DataModelValidator.ValidateCredential(AsIssuerInput((JsonObject)document.DeepClone()));
        IReadOnlyList<Error> withJsonLd = DataModelValidator.ValidateCredential(AsIssuerInput(document), DataIntegrityTestKit.JsonLd);

        Assert.IsEmpty(withoutJsonLd, "the JSON-tree rules alone cannot see this one");
        Assert.HasCount(1, withJsonLd);
        StringAssert.Contains(withJsonLd[0].Detail, jsonLdCode);
    }

    [TestMethod]
    public void Fixtures_AreAllFound()
    {
        // 120 fixtures at the pinned commit (96 at the top, 24 in names-and-descriptions/); 3 carry no expected outcome.
        Assert.AreEqual(117, Fixtures().Count());
    }

    private static bool? ExpectedToBeAccepted(string fixture) =>
        fixture.EndsWith("-ok.json", StringComparison.Ordinal) ? true
        : Path.GetFileName(fixture).Contains("-fail", StringComparison.Ordinal) ? false
        : null;

    private static bool IsPresentation(string fixture, JsonObject document) =>
        Path.GetFileName(fixture).StartsWith("presentation-", StringComparison.Ordinal)
        || (document["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "VerifiablePresentation"));

    /// <summary>What the suite's issuer receives: an issuer supplied where the fixture leaves it open (but an explicit
    /// null kept), and timestamps for the date placeholders.</summary>
    private static JsonObject AsIssuerInput(JsonObject credential)
    {
        if (credential["issuer"] is JsonObject issuer)
        {
            if (!issuer.ContainsKey("id"))
            {
                issuer["id"] = DefaultIssuer;
            }
        }
        else if (!credential.ContainsKey("issuer"))
        {
            credential["issuer"] = DefaultIssuer;
        }

        ReplacePlaceholder(credential, "PAST DATE", "2020-01-01T00:00:00Z");
        ReplacePlaceholder(credential, "FUTURE DATE", "2040-01-01T00:00:00Z");
        return credential;
    }

    private static void ReplacePlaceholder(JsonObject credential, string placeholder, string timestamp)
    {
        foreach (string property in (ReadOnlySpan<string>)["validFrom", "validUntil"])
        {
            if (credential[property] is JsonValue value && value.ToString() == placeholder)
            {
                credential[property] = timestamp;
            }
        }
    }
}
