using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.JsonLd.Rdf;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.JsonLd.Tests;

/// <summary>
/// The W3C JSON-LD 1.1 expand and toRdf suites (json-ld-api/tests), manifest-driven. Tests for JSON-LD 1.0 only
/// (specVersion or processingMode json-ld-1.0) are skipped, as listed in docs/conformance.md.
/// </summary>
[TestClass]
public sealed class JsonLdApiTests
{
    private static readonly Lazy<JsonLdProcessor> s_processor = new(() => new JsonLdProcessor(new SuiteDocumentLoader(Root + Path.DirectorySeparatorChar)));

    private static string Root => TestVectors.Path("json-ld-api", "tests");

    public static IEnumerable<object[]> ExpandTests() => Entries("expand-manifest.jsonld");

    public static IEnumerable<object[]> ToRdfTests() => Entries("toRdf-manifest.jsonld");

    /// <summary>Why a manifest entry does not apply to a JSON-LD 1.1 processor without remote loading, or null.</summary>
    internal static string? SkipReason(JsonObject entry)
    {
        JsonObject? option = entry["option"]?.AsObject();
        if ((string?)option?["specVersion"] == "json-ld-1.0")
        {
            return "JSON-LD 1.0 only (specVersion json-ld-1.0)";
        }

        if ((string?)option?["processingMode"] == "json-ld-1.0")
        {
            return "processingMode json-ld-1.0 (only 1.1 processing is implemented)";
        }

        return null;
    }

    private static IEnumerable<object[]> Entries(string manifestName)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, manifestName)))!;
        foreach (JsonNode? node in manifest["sequence"]!.AsArray())
        {
            JsonObject entry = node!.AsObject();
            if (SkipReason(entry) is null)
            {
                yield return [(string)entry["@id"]!, entry.ToJsonString()];
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(ExpandTests))]
    public void Expand_ManifestEntry_MatchesExpected(string id, string entryJson)
    {
        // Arrange
        JsonObject entry = JsonNode.Parse(entryJson)!.AsObject();
        (JsonNode? input, JsonLdOptions options) = Prepare(entry);

        // Act
        Result<JsonArray> expanded = s_processor.Value.Expand(input, options);

        // Assert
        if (IsNegative(entry))
        {
            AssertFailsWith(entry, expanded.Error, id);
            return;
        }

        Assert.IsTrue(expanded.IsSuccess, $"{id}: {expanded.Error}");
        JsonNode? expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, (string)entry["expect"]!)));
        Assert.IsTrue(
            JsonLdComparer.Equivalent(expected, expanded.Value),
            $"{id}\nexpected: {expected?.ToJsonString()}\nactual:   {expanded.Value.ToJsonString()}");
    }

    [TestMethod]
    [DynamicData(nameof(ToRdfTests))]
    public void ToRdf_ManifestEntry_MatchesExpected(string id, string entryJson)
    {
        // Arrange
        JsonObject entry = JsonNode.Parse(entryJson)!.AsObject();
        (JsonNode? input, JsonLdOptions options) = Prepare(entry);

        // Act
        Result<IReadOnlyList<RdfQuad>> quads = s_processor.Value.ToRdf(input, options);

        // Assert
        if (IsNegative(entry))
        {
            AssertFailsWith(entry, quads.Error, id);
            return;
        }

        Assert.IsTrue(quads.IsSuccess, $"{id}: {quads.Error}");
        if (entry["expect"] is null)
        {
            return; // A positive syntax test: processing without error is the whole check.
        }

        string expectedNQuads = File.ReadAllText(Path.Combine(Root, (string)entry["expect"]!));
        Result<CanonicalDataset> expected = Rdfc10.Canonicalize(expectedNQuads);
        Assert.IsTrue(expected.IsSuccess, $"{id}: expected output unreadable: {expected.Error}");
        Result<CanonicalDataset> actual = Rdfc10.Canonicalize(quads.Value);
        Assert.AreEqual(expected.Value.NQuads, actual.Value.NQuads, id);
    }

    private static (JsonNode? Input, JsonLdOptions Options) Prepare(JsonObject entry)
    {
        string input = (string)entry["input"]!;
        JsonObject? option = entry["option"]?.AsObject();
        JsonNode? expandContext = option?["expandContext"] is { } contextPath
            ? JsonNode.Parse(File.ReadAllText(Path.Combine(Root, (string)contextPath!)))
            : null;
        var options = new JsonLdOptions
        {
            Base = (string?)option?["base"] ?? SuiteDocumentLoader.BaseIri + input,
            ExpandContext = expandContext,
            RdfDirection = (string?)option?["rdfDirection"],
            ProduceGeneralizedRdf = (bool?)option?["produceGeneralizedRdf"] ?? false,
            JsonCanonicalizer = node => Jcs.CanonicalizeToString(node).Value,
        };
        return (JsonNode.Parse(File.ReadAllText(Path.Combine(Root, input))), options);
    }

    private static bool IsNegative(JsonObject entry) =>
        entry["@type"]!.AsArray().Any(t => (string?)t == "jld:NegativeEvaluationTest");

    private static void AssertFailsWith(JsonObject entry, Error? error, string id)
    {
        string code = (string)entry["expectErrorCode"]!;
        Assert.IsNotNull(error, $"{id}: expected the error '{code}', but processing succeeded.");
        Assert.AreEqual(ErrorCodes.InvalidJsonLd, error.Code, id);
        Assert.StartsWith(code + ":", error.Detail, $"{id}: expected '{code}', got '{error.Detail}'.");
    }
}
