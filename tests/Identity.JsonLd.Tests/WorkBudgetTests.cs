using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Identity.JsonLd.Rdf;
using Identity.Primitives;

namespace Identity.JsonLd.Tests;

/// <summary>
/// Bounded work under hostile input: nothing recurses as deep as the input says (the deep cases run on a thread with
/// a 256 KiB stack, where a recursion per blank node or per term would overflow at once), and every algorithm charges
/// the one budget it is given.
/// </summary>
[TestClass]
public sealed class WorkBudgetTests
{
    private const int SmallStack = 256 * 1024;

    private sealed class NoLoader : IJsonLdDocumentLoader
    {
        public Result<JsonNode> LoadDocument(string url) => new Error(ErrorCodes.ContextNotFound, url);
    }

    private static string Cycle(int nodes)
    {
        var text = new StringBuilder();
        for (int i = 0; i < nodes; i++)
        {
            text.Append("_:n").Append(i).Append(" <https://example.test/next> _:n").Append((i + 1) % nodes).Append(" .\n");
        }

        return text.ToString();
    }

    private static T OnSmallStack<T>(Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, SmallStack);
        thread.Start();
        thread.Join();
        Assert.IsNull(failure, failure?.ToString());
        return result;
    }

    [TestMethod]
    public void Canonicalize_TwentyThousandNodeCycle_WalksTheWholeCycleWithoutRecursionThenHitsTheBudget()
    {
        // Arrange: the first hash-n-degree call alone follows the cycle 20,000 calls deep (about 125 units a level), so a
        // budget of 4,000,000 lets it finish and stops a later one.
        string nquads = Cycle(20_000);
        var budget = new WorkBudget(4_000_000);

        // Act
        Result<CanonicalDataset> canonical = OnSmallStack(() => Rdfc10.Canonicalize(nquads, new Rdfc10Options { Budget = budget }));

        // Assert
        Assert.AreEqual(ErrorCodes.WorkLimitExceeded, canonical.Error?.Code, canonical.Error?.Detail);
        Assert.IsTrue(budget.IsExhausted);
    }

    [TestMethod]
    public void Canonicalize_LongCycleWithEnoughBudget_MatchesTheSmallCycleShape()
    {
        // A 200-node cycle canonicalizes completely (every node hashed, each walk 200 frames deep) on a small stack;
        // a cycle's canonical form is the same ring relabelled, so it can be checked without a reference implementation.
        string nquads = Cycle(200);
        var budget = new WorkBudget(long.MaxValue);

        Result<CanonicalDataset> canonical = OnSmallStack(() => Rdfc10.Canonicalize(nquads, new Rdfc10Options { Budget = budget }));

        Assert.IsTrue(canonical.IsSuccess, canonical.Error?.ToString());
        string[] lines = canonical.Value.NQuads.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(200, lines);
        Assert.AreEqual(200, canonical.Value.IssuedIdentifiers.Values.Distinct().Count());
    }

    [TestMethod]
    public void Canonicalize_WithoutBudget_KeepsTheLibraryBoundAndItsCode()
    {
        Result<CanonicalDataset> canonical = OnSmallStack(() => Rdfc10.Canonicalize(Cycle(20_000)));

        Assert.AreEqual(ErrorCodes.CanonicalizationLimitExceeded, canonical.Error?.Code);
    }

    [TestMethod]
    public void Expand_ScopedContextUsedManyTimes_IsProcessedOncePerExpansion()
    {
        // Arrange: a term whose scoped context has 2,000 terms, used 20 and 2,000 times.
        var processor = new JsonLdProcessor(new NoLoader());
        long Cost(int uses)
        {
            var scoped = new JsonObject();
            for (int i = 0; i < 2_000; i++)
            {
                scoped[$"a{i}"] = $"urn:a{i}";
            }

            var items = new JsonArray();
            for (int i = 0; i < uses; i++)
            {
                items.Add(new JsonObject { ["a1"] = "v" });
            }

            var document = new JsonObject
            {
                ["@context"] = new JsonObject { ["t"] = new JsonObject { ["@id"] = "urn:t", ["@context"] = scoped } },
                ["@id"] = "urn:s",
                ["t"] = items,
            };
            var budget = new WorkBudget(long.MaxValue);
            Result<JsonArray> expanded = processor.Expand(document, new JsonLdOptions { Budget = budget });
            Assert.IsTrue(expanded.IsSuccess, expanded.Error?.ToString());
            return budget.Used;
        }

        // Act
        long few = Cost(20);
        long many = Cost(2_000);

        // Assert: 1,980 more uses cost what their nodes cost (a few dozen units each), not 1,980 × 2,000 term definitions.
        Assert.IsLessThan(few + (1_980 * 64), many, $"20 uses: {few} units; 2,000 uses: {many} units");
    }

    [TestMethod]
    public void Expand_SmallBudget_FailsWithWorkLimitExceeded()
    {
        var items = new JsonArray();
        for (int i = 0; i < 10_000; i++)
        {
            items.Add(new JsonObject { ["https://example.test/v"] = i });
        }

        var document = new JsonObject { ["@id"] = "urn:s", ["https://example.test/p"] = items };

        Result<JsonArray> expanded = new JsonLdProcessor(new NoLoader()).Expand(document, new JsonLdOptions { Budget = new WorkBudget(5_000) });

        Assert.AreEqual(ErrorCodes.WorkLimitExceeded, expanded.Error?.Code);
    }

    [TestMethod]
    public void Expand_TermDefinitionChainLongerThanTheNestingBound_FailsWithoutOverflow()
    {
        // Each term is a compact IRI whose prefix is the next term: defining p0 needs p1, which needs p2, …
        var context = new JsonObject();
        for (int i = 0; i < 20_000; i++)
        {
            context[$"p{i}"] = $"p{i + 1}:x";
        }

        context["p20000"] = "urn:end:";
        var document = new JsonObject { ["@context"] = context, ["@id"] = "urn:s", ["p0"] = "v" };

        Result<JsonArray> expanded = OnSmallStack(() => new JsonLdProcessor(new NoLoader()).Expand(document));

        Assert.AreEqual(ErrorCodes.InvalidJsonLd, expanded.Error?.Code);
        StringAssert.StartsWith(expanded.Error!.Detail, "context overflow");
    }

    [TestMethod]
    public void ToRdf_OnePropertyWithManyValues_KeepsEveryDistinctValue()
    {
        // Duplicate detection in the node map used to scan every earlier value (quadratic). Its cost is measured by the
        // "many values" class of bench/hostile, not timed here; this test pins what the hashed detection must keep.
        var values = new JsonArray();
        for (int i = 0; i < 200_000; i++)
        {
            values.Add(i);
        }

        var document = new JsonObject { ["@id"] = "urn:s", ["https://example.test/v"] = values };
        Result<IReadOnlyList<RdfQuad>> quads = new JsonLdProcessor(new NoLoader()).ToRdf(document);

        Assert.IsTrue(quads.IsSuccess, quads.Error?.ToString());
        Assert.HasCount(200_000, quads.Value);
    }

    [TestMethod]
    public void ToRdf_GraphContainerWithManyValues_KeepsEveryNode()
    {
        var context = new JsonObject { ["g"] = new JsonObject { ["@id"] = "https://example.test/g", ["@container"] = "@graph" } };
        var values = new JsonArray();
        for (int i = 0; i < 100_000; i++)
        {
            values.Add(new JsonObject { ["@id"] = $"urn:n{i}", ["https://example.test/v"] = i });
        }

        var document = new JsonObject { ["@context"] = context, ["@id"] = "urn:s", ["g"] = values };
        Result<IReadOnlyList<RdfQuad>> quads = new JsonLdProcessor(new NoLoader()).ToRdf(document);

        Assert.IsTrue(quads.IsSuccess, quads.Error?.ToString());
        Assert.HasCount(200_000, quads.Value); // per node: its value, and its membership of the named graph's subject
    }

    [TestMethod]
    public void ToRdf_DuplicateValues_StillMergeOnce()
    {
        var document = JsonNode.Parse("""
            {"@id": "urn:s", "https://example.test/v": [1, 1, {"@value": 1}, "a", {"@value": "a", "@language": "en"}, {"@language": "en", "@value": "a"},
             {"@id": "urn:o"}, {"@id": "urn:o"}]}
            """);

        Result<IReadOnlyList<RdfQuad>> quads = new JsonLdProcessor(new NoLoader()).ToRdf(document);

        Assert.HasCount(4, quads.Value);
    }

    [TestMethod]
    public void ToRdf_ValuesThatOnlyLookAlike_StayDistinct()
    {
        // A string and a number with the same text, a separator inside a string, a typed and a plain string.
        var document = JsonNode.Parse("""
            {"@id": "urn:s", "https://example.test/v": ["1", 1, "a\u0000sb", {"@value": "a", "@type": "https://example.test/b"}, "a",
             {"@value": "a", "@language": "en"}, {"@value": "a", "@language": "en"}]}
            """);

        Result<IReadOnlyList<RdfQuad>> quads = new JsonLdProcessor(new NoLoader()).ToRdf(document);

        Assert.HasCount(6, quads.Value);
    }
}
