using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd.Tests;

/// <summary>
/// Issue 23: a term whose scoped context is <c>null</c> (VC 2.0's <c>verifiableCredential</c>) resets the active
/// context; what lies below it (each embedded credential's own contexts) is processed once and then served from the
/// processor's cache, which holds only processed contexts: every document still gets its own data and its own errors.
/// </summary>
[TestClass]
public sealed class NullScopedContextCacheTests
{
    private const string TermsUrl = "https://example.test/terms";
    private const int Terms = 60;

    private sealed class TermsLoader : IJsonLdDocumentLoader
    {
        public Result<JsonNode> LoadDocument(string url)
        {
            if (url != TermsUrl)
            {
                return new Error(ErrorCodes.ContextNotFound, $"{url} is not known.");
            }

            var context = new JsonObject { ["@protected"] = true };
            for (int i = 0; i < Terms; i++)
            {
                context[$"t{i}"] = $"https://example.test/vocab#t{i}";
            }

            return new JsonObject { ["@context"] = context };
        }
    }

    private static JsonObject Document(string value, string innerContext = $"\"{TermsUrl}\"") => JsonNode.Parse($$$"""
        {
          "@context": {"inner": {"@id": "https://example.test/vocab#inner", "@context": null}},
          "@id": "urn:example:outer",
          "inner": {"@context": {{{innerContext}}}, "@id": "urn:example:inner", "t0": "{{{value}}}"}
        }
        """)!.AsObject();

    private static (JsonArray Expanded, long Used) Expand(JsonLdProcessor processor, JsonObject document)
    {
        var budget = new WorkBudget();
        Result<JsonArray> expanded = processor.Expand(document, new JsonLdOptions { Budget = budget });
        Assert.IsTrue(expanded.IsSuccess, expanded.Error?.Detail);
        return (expanded.Value, budget.Used);
    }

    [TestMethod]
    public void Expand_ContextsBelowANullScopedContext_AreProcessedOnceThenServedFromTheCache()
    {
        // Arrange
        var processor = new JsonLdProcessor(new TermsLoader());

        // Act
        (JsonArray first, long firstUsed) = Expand(processor, Document("a"));
        (JsonArray second, long secondUsed) = Expand(processor, Document("a"));

        // Assert: the 60 term definitions (tens of units each) are charged on the first call only, and the result is the same.
        Assert.IsTrue(firstUsed > Terms * 10, $"first call used {firstUsed} units");
        Assert.IsTrue(secondUsed * 4 < firstUsed, $"second call used {secondUsed} units, first {firstUsed}");
        Assert.IsTrue(JsonNode.DeepEquals(first, second));
    }

    [TestMethod]
    public void Expand_CachedContextsBelowANullScopedContext_KeepEachDocumentsOwnData()
    {
        // Arrange
        var processor = new JsonLdProcessor(new TermsLoader());
        Expand(processor, Document("a"));

        // Act
        (JsonArray expanded, _) = Expand(processor, Document("b"));

        // Assert
        string text = expanded.ToJsonString();
        StringAssert.Contains(text, "\"@value\":\"b\"");
        Assert.IsFalse(text.Contains("\"@value\":\"a\"", StringComparison.Ordinal), text);
    }

    [TestMethod]
    public void Expand_InvalidContextBelowANullScopedContext_FailsOnEveryCall()
    {
        // Arrange: the inner context redefines a protected term of the terms context, which JSON-LD 1.1 forbids.
        var processor = new JsonLdProcessor(new TermsLoader());
        Expand(processor, Document("a"));
        JsonObject hostile = Document("a", $$"""["{{TermsUrl}}", {"t0": "https://attacker.example/t0"}]""");

        // Act
        Result<JsonArray> first = processor.Expand(hostile);
        Result<JsonArray> second = processor.Expand(hostile);

        // Assert
        Assert.IsFalse(first.IsSuccess);
        Assert.IsFalse(second.IsSuccess);
        StringAssert.StartsWith(first.Error!.Detail, "protected term redefinition");
        Assert.AreEqual(first.Error.Detail, second.Error!.Detail);
    }

    [TestMethod]
    public void Expand_ManyDistinctInlineContextsBelowANullScopedContext_StaysCorrectPastTheCacheBound()
    {
        // Arrange: more distinct inner contexts than the processor caches (1,024), so the cache is cleared on the way.
        var processor = new JsonLdProcessor(new TermsLoader());
        var text = new StringBuilder();

        // Act + Assert
        for (int i = 0; i < 1_100; i++)
        {
            (JsonArray expanded, _) = Expand(processor, Document($"v{i}", $$"""{"x{{i}}": "https://example.test/vocab#x{{i}}", "t0": "https://example.test/vocab#t0"}"""));
            text.Clear().Append(expanded.ToJsonString());
            StringAssert.Contains(text.ToString(), $"\"@value\":\"v{i}\"");
        }
    }
}
