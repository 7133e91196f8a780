using System.Text.Json.Nodes;
using Identity.Testing;

namespace Identity.JsonLd.Tests;

/// <summary>
/// Soundness of the expansion check (<see cref="JsonLdProcessor.TryValidate"/>) over the W3C JSON-LD 1.1 expand suite:
/// every document it proves without expanding, full expansion accepts; and its verdict is the expander's on every entry,
/// positive and negative, with and without <see cref="JsonLdOptions.RequireMappedTypes"/>.
/// </summary>
[TestClass]
public sealed class ExpansionCheckSuiteTests
{
    private static readonly Lazy<JsonLdProcessor> s_processor = new(() => new JsonLdProcessor(new SuiteDocumentLoader(Root + Path.DirectorySeparatorChar)));

    private static string Root => TestVectors.Path("json-ld-api", "tests");

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TryValidate_EveryExpandSuiteEntry_SameVerdictAsExpansion(bool requireMappedTypes)
    {
        int proven = 0, refused = 0, entries = 0;
        foreach (object[] row in JsonLdApiTests.ExpandTests())
        {
            // Arrange
            var entry = JsonNode.Parse((string)row[1])!.AsObject();
            string input = (string)entry["input"]!;
            JsonObject? option = entry["option"]?.AsObject();
            var options = new JsonLdOptions
            {
                Base = (string?)option?["base"] ?? SuiteDocumentLoader.BaseIri + input,
                RequireMappedTypes = requireMappedTypes,
            };
            JsonNode? document = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, input)));

            // Act
            bool full = s_processor.Value.TryExpand(document, options, out _, out JsonLdFailure? fullFailure);
            bool check = s_processor.Value.ExpandsWithoutOutput(document, options);
            bool validated = s_processor.Value.TryValidate(document, options, out JsonLdFailure? failure);

            // Assert
            string id = (string)row[0];
            Assert.IsTrue(!check || full, $"{id}: proved without expanding, but expansion refuses it: {fullFailure?.Error.Detail}");
            Assert.AreEqual(full, validated, id);
            Assert.AreEqual(fullFailure?.Error.Detail, failure?.Error.Detail, id);
            entries++;
            proven += check ? 1 : 0;
            refused += full ? 0 : 1;
        }

        Console.WriteLine($"{entries} entries: {proven} proved without expanding, {refused} refused by expansion");
        Assert.IsGreaterThan(300, entries);
        Assert.IsGreaterThan(50, refused, "the suite's negative entries must be among them");
        Assert.IsGreaterThan(50, proven, "the check must decide a good share of the suite itself");
    }
}
