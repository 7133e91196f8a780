using System.Text.Json.Nodes;
using Identity.JsonLd.Rdf;
using Identity.Primitives;

namespace Identity.JsonLd.Tests;

/// <summary>
/// <see cref="JsonLdOptions.RequireCompactedForm"/>: every respelling below is valid JSON-LD with the same RDF as the
/// compacted document (so it expands without the option), and is refused with <c>jsonLdNotCompacted</c> with it.
/// </summary>
[TestClass]
public sealed class CompactedFormRulesTests
{
    private const string ContextUrl = "https://example.test/pinned/v1";
    private const string Vocab = "https://example.test/vocab#";

    private static readonly JsonLdProcessor s_processor = new(new PinnedLoader());
    private static readonly JsonLdOptions s_strict = new() { SafeMode = true, RequireCompactedForm = true };
    private static readonly JsonLdOptions s_plain = new() { SafeMode = true };

    private const string Compacted = """
        {"@context": ["https://example.test/pinned/v1"], "id": "urn:example:doc", "type": "Record",
         "until": "2030-01-01T00:00:00Z", "label": {"@value": "Dossier", "@language": "fr"},
         "link": "https://example.test/other", "purpose": "assertion",
         "about": {"id": "did:example:subject", "label": "Alice"}}
        """;

    private sealed class PinnedLoader : IJsonLdDocumentLoader
    {
        private static readonly JsonNode s_context = JsonNode.Parse("""
            {"@context": {"@protected": true, "id": "@id", "type": "@type",
             "Record": {"@id": "VOCAB#Record", "@context": {"@protected": true,
               "until": {"@id": "VOCAB#until", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
               "link": {"@id": "VOCAB#link", "@type": "@id"},
               "purpose": {"@id": "VOCAB#purpose", "@type": "@vocab", "@context": {"assertion": "VOCAB#assertion"}},
               "about": {"@id": "VOCAB#about", "@type": "@id"}}},
             "label": "VOCAB#label"}}
            """.Replace("VOCAB#", Vocab, StringComparison.Ordinal))!;

        public Result<JsonNode> LoadDocument(string url) =>
            url == ContextUrl ? Result<JsonNode>.Success(s_context.DeepClone()) : new Error(ErrorCodes.ContextNotFound, url);
    }

    [TestMethod]
    public void Expand_CompactedDocument_PassesWithAndWithoutTheOption()
    {
        Result<JsonArray> strict = s_processor.Expand(JsonNode.Parse(Compacted), s_strict);
        Result<JsonArray> plain = s_processor.Expand(JsonNode.Parse(Compacted), s_plain);

        Assert.IsTrue(strict.IsSuccess, strict.ToString());
        Assert.IsTrue(JsonNode.DeepEquals(plain.Value, strict.Value));
    }

    [TestMethod]
    [DataRow("keyword @id", "id", "@id", null)]
    [DataRow("keyword @type", "type", "@type", null)]
    [DataRow("absolute IRI key", "label", Vocab + "label", null)]
    [DataRow("IRI key with typed value object", "until", Vocab + "until", """{"@value": "2030-01-01T00:00:00Z", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}""")]
    [DataRow("compact IRI key", "label", "v:label", null, """{"v": "https://example.test/vocab#"}""")]
    [DataRow("vocab-relative key", "label", "el", null, """{"@vocab": "https://example.test/vocab#lab"}""")]
    [DataRow("inline alias of a pinned term", "label", "title", null, """{"title": "https://example.test/vocab#label"}""")]
    [DataRow("inline keyword alias", "id", "ident", null, """{"ident": "@id"}""")]
    [DataRow("typed value object under a typed term", "until", "until", """{"@value": "2030-01-01T00:00:00Z", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}""")]
    [DataRow("value object typed xsd:string", "label", "label", """{"@value": "Dossier", "@type": "http://www.w3.org/2001/XMLSchema#string"}""")]
    [DataRow("inline alias of a pinned type", "type", "type", "\"Rec\"", """{"Rec": "https://example.test/vocab#Record"}""")]
    [DataRow("type spelled as IRI", "type", "type", "\"" + Vocab + "Record\"")]
    [DataRow("vocab value spelled as IRI", "purpose", "purpose", "\"" + Vocab + "assertion\"")]
    [DataRow("relative id", "link", "link", "\"other\"", """{"@base": "https://example.test/"}""")]
    [DataRow("blank node id", "id", "id", "\"_:b0\"")]
    [DataRow("nested node reuses the document id", "about", "about", """{"id": "urn:example:doc", "label": "x"}""")]
    [DataRow("@index on a node", "about", "about", """{"id": "did:example:subject", "label": "Alice", "@index": "i"}""")]
    [DataRow("@set wrapper", "about", "about", """{"@set": [{"id": "did:example:subject", "label": "Alice"}]}""")]
    public void Expand_Respelled_IsRefusedOnlyInCompactedFormMode(
        string name, string from, string to, string? value, string? inlineContext = null)
    {
        // Arrange: respell one member of the compacted document.
        var document = JsonNode.Parse(Compacted)!.AsObject();
        JsonNode? original = document[from]?.DeepClone();
        if (from != to)
        {
            document.Remove(from);
        }

        document[to] = value is null ? original : JsonNode.Parse(value);
        if (inlineContext is not null)
        {
            document["@context"]!.AsArray().Add(JsonNode.Parse(inlineContext));
        }

        // Act: without the option it is valid JSON-LD 1.1 (a type spelled as an IRI loses its scoped terms, which
        // plain JSON-LD then drops, so no safe mode here).
        Result<JsonArray> plain = s_processor.Expand(document, JsonLdOptions.Default);
        Result<JsonArray> strict = s_processor.Expand(document, s_strict);

        // Assert
        Assert.IsTrue(plain.IsSuccess, $"{name}: {plain}");
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, strict.Error?.Code, $"{name}: {strict}");
        StringAssert.StartsWith(strict.Error!.Detail, "not compacted form:");
    }

    [TestMethod]
    public void ToRdf_SplitNode_SameQuads_RefusedInCompactedFormMode()
    {
        var document = JsonNode.Parse(Compacted)!.AsObject();
        var split = JsonNode.Parse(Compacted)!.AsObject();
        split["about"] = JsonNode.Parse("""[{"id": "did:example:subject"}, {"id": "did:example:subject", "label": "Alice"}, {"id": "did:example:subject", "type": "Record"}]""");
        document["about"] = JsonNode.Parse("""{"id": "did:example:subject", "label": "Alice", "type": "Record"}""");

        string expected = NQuadsWriter.Serialize(s_processor.ToRdf(document, s_plain).Value);
        string respelled = NQuadsWriter.Serialize(s_processor.ToRdf(split, s_plain).Value);
        Result<IReadOnlyList<RdfQuad>> strict = s_processor.ToRdf(split, s_strict);

        Assert.AreEqual(expected, respelled);
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, strict.Error?.Code);
    }
}
