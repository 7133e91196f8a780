using System.Text.Json.Nodes;
using Identity.JsonLd.Rdf;
using Identity.Primitives;

namespace Identity.JsonLd.Tests;

/// <summary>The processor's own contract: offline loading, safe mode, errors as values, and caches that change nothing.</summary>
[TestClass]
public sealed class JsonLdProcessorTests
{
    private const string ContextUrl = "https://example.test/context/v1";

    private static readonly JsonObject s_context = JsonNode.Parse("""
        {"@context": {"@protected": true, "Thing": "https://example.test/vocab#Thing", "name": "https://example.test/vocab#name"}}
        """)!.AsObject();

    private sealed class MapLoader(Dictionary<string, JsonNode> documents) : IJsonLdDocumentLoader
    {
        public int Calls { get; private set; }

        public Result<JsonNode> LoadDocument(string url)
        {
            Calls++;
            return documents.TryGetValue(url, out JsonNode? document)
                ? Result<JsonNode>.Success(document.DeepClone())
                : new Error(ErrorCodes.ContextNotFound, $"{url} is not known.");
        }
    }

    private static JsonObject Document(string name) => JsonNode.Parse($$"""
        {"@context": "{{ContextUrl}}", "@id": "urn:example:1", "@type": "Thing", "name": "{{name}}"}
        """)!.AsObject();

    [TestMethod]
    public void ToRdf_RemoteContext_LoadedOnceAndCachedResultsAreIdentical()
    {
        var loader = new MapLoader(new() { [ContextUrl] = s_context });
        var processor = new JsonLdProcessor(loader);

        string first = NQuadsWriter.Serialize(processor.ToRdf(Document("a")).Value);
        string second = NQuadsWriter.Serialize(processor.ToRdf(Document("a")).Value);
        string other = NQuadsWriter.Serialize(processor.ToRdf(Document("b")).Value);

        Assert.AreEqual(1, loader.Calls);
        Assert.AreEqual(first, second);
        StringAssert.Contains(first, "<urn:example:1> <https://example.test/vocab#name> \"a\" .");
        StringAssert.Contains(other, "\"b\"");
    }

    [TestMethod]
    public void Expand_UnknownContext_IsLoadingRemoteContextFailed()
    {
        var processor = new JsonLdProcessor(new MapLoader([]));

        Result<JsonArray> expanded = processor.Expand(Document("a"));

        Assert.AreEqual(ErrorCodes.InvalidJsonLd, expanded.Error?.Code);
        StringAssert.StartsWith(expanded.Error!.Detail, "loading remote context failed:");
    }

    [TestMethod]
    public void Expand_ProtectedTermRedefinition_IsRefused()
    {
        var processor = new JsonLdProcessor(new MapLoader(new() { [ContextUrl] = s_context }));
        var document = Document("a");
        document["@context"] = new JsonArray(ContextUrl, new JsonObject { ["name"] = "https://evil.test/name" });

        Result<JsonArray> expanded = processor.Expand(document);

        StringAssert.StartsWith(expanded.Error?.Detail, "protected term redefinition:");
    }

    [TestMethod]
    public void Expand_ContextObjectWrappingOnlyAContext_IsUnwrappedLikeJsonLdJs()
    {
        // The shape the vc-di-eddsa suite's VC 1.1 fixtures use; jsonld.js reads it as the inner context.
        var processor = new JsonLdProcessor(new MapLoader([]));
        var document = JsonNode.Parse("""
            {"@context": [{"@context": {"AlumniCredential": "https://www.example.org/AlumniCredential", "name": "https://schema.org/name"}}],
             "@id": "urn:example:1", "@type": "AlumniCredential", "name": "Example"}
            """)!;

        var expanded = processor.Expand(document);

        Assert.IsTrue(expanded.IsSuccess, expanded.Error?.ToString());
        var expected = JsonNode.Parse(
            """[{"@id":"urn:example:1","@type":["https://www.example.org/AlumniCredential"],"https://schema.org/name":[{"@value":"Example"}]}]""");
        Assert.IsTrue(JsonNode.DeepEquals(expected, expanded.Value), expanded.Value.ToJsonString());
    }

    [TestMethod]
    [DataRow("""{"@context": {"name": "https://schema.org/name"}, "@vocab": "https://example.test/"}""")]
    [DataRow("""{"@context": "https://example.test/context/v1"}""")]
    [DataRow("""{"@context": [{"name": "https://schema.org/name"}]}""")]
    public void Expand_ContextMemberInAnyOtherShape_IsStillKeywordRedefinition(string context)
    {
        // Only an array item whose single member is "@context" holding an object is unwrapped; everything else stays an error.
        var processor = new JsonLdProcessor(new MapLoader(new() { [ContextUrl] = s_context }));
        var document = JsonNode.Parse($$"""{"@context": [{{context}}], "@id": "urn:example:1"}""")!;

        var expanded = processor.Expand(document);

        Assert.IsFalse(expanded.IsSuccess);
        Assert.AreEqual(ErrorCodes.InvalidJsonLd, expanded.Error!.Code);
        StringAssert.StartsWith(expanded.Error.Detail, "keyword redefinition");
    }

    [TestMethod]
    public void ToRdf_SafeMode_RefusesWhatPlainModeDrops()
    {
        var processor = new JsonLdProcessor(new MapLoader(new() { [ContextUrl] = s_context }));
        var document = Document("a");
        document["undefinedTerm"] = "dropped silently without safe mode";

        Result<IReadOnlyList<RdfQuad>> plain = processor.ToRdf(document);
        Result<IReadOnlyList<RdfQuad>> safe = processor.ToRdf(document, new JsonLdOptions { SafeMode = true });

        Assert.IsTrue(plain.IsSuccess);
        Assert.HasCount(2, plain.Value);
        StringAssert.StartsWith(safe.Error?.Detail, "invalid property:");
    }

    [TestMethod]
    public void Expand_DeepNesting_IsRefusedNotAStackOverflow()
    {
        var processor = new JsonLdProcessor(new MapLoader([]));
        JsonNode deep = JsonValue.Create("leaf")!;
        for (int i = 0; i < 200; i++)
        {
            deep = new JsonObject { ["https://example.test/p"] = deep };
        }

        Result<JsonArray> expanded = processor.Expand(deep);

        StringAssert.StartsWith(expanded.Error?.Detail, "document too deep:");
    }

    [TestMethod]
    public void Expand_DoesNotModifyItsInput()
    {
        var processor = new JsonLdProcessor(new MapLoader(new() { [ContextUrl] = s_context }));
        JsonObject document = Document("a");
        string before = document.ToJsonString();

        _ = processor.Expand(document);

        Assert.AreEqual(before, document.ToJsonString());
    }
}
