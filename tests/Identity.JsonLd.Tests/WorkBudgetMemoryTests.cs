using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd.Tests;

/// <summary>
/// The work budget bounds memory as well as time: whatever the shape of a document, what <c>toRdf</c> allocates before
/// the budget stops it is proportional to the budget, not to the document (a 1 MiB body of <c>0,0,0,…</c> is half a
/// million values, each of which expansion, the node map and the dataset would otherwise hold at once).
/// </summary>
[TestClass]
public sealed class WorkBudgetMemoryTests
{
    private const long Budget = 100_000;

    /// <summary>What one unit may allocate, at most, across expansion, node map generation and serialization.</summary>
    private const long BytesPerUnit = 120;

    private sealed class NoLoader : IJsonLdDocumentLoader
    {
        public Result<JsonNode> LoadDocument(string url) => new Error(ErrorCodes.ContextNotFound, url);
    }

    public static IEnumerable<object[]> Shapes =>
    [
        ["equal scalars", Values(200_000, _ => 0)],
        ["distinct scalars", Values(100_000, i => i)],
        ["small objects", Values(50_000, i => new JsonObject { ["urn:p"] = i, ["urn:q"] = "x" })],
        ["list items", new JsonObject { ["@id"] = "urn:s", ["urn:p"] = new JsonObject { ["@list"] = Array(100_000, i => i) } }],
        ["typed values", Values(50_000, i => new JsonObject { ["@value"] = $"{i}", ["@type"] = "urn:t" })],
        ["nested graphs", Values(20_000, i => new JsonObject { ["@graph"] = new JsonArray(new JsonObject { ["@id"] = $"urn:n{i}", ["urn:p"] = i }) })],
    ];

    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void ToRdf_DocumentLargerThanTheBudget_AllocatesInProportionToTheBudget(string shape, JsonObject document)
    {
        // Arrange
        var processor = new JsonLdProcessor(new NoLoader());
        var options = new JsonLdOptions { Budget = new WorkBudget(Budget) };

        // Act
        long before = GC.GetAllocatedBytesForCurrentThread();
        Result<IReadOnlyList<Rdf.RdfQuad>> quads = processor.ToRdf(document, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.IsFalse(quads.IsSuccess, shape);
        Assert.AreEqual(ErrorCodes.WorkLimitExceeded, quads.Error!.Code, shape);
        Assert.IsLessThan(Budget * BytesPerUnit, allocated, $"{shape}: {allocated:N0} bytes for a budget of {Budget:N0} units");
    }

    private static JsonObject Values(int count, Func<int, JsonNode?> value) =>
        new() { ["@id"] = "urn:s", ["urn:p"] = Array(count, value) };

    private static JsonArray Array(int count, Func<int, JsonNode?> value)
    {
        var items = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            items.Add(value(i));
        }

        return items;
    }
}
