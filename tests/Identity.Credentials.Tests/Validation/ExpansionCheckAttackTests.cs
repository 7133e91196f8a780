// Red-team tests for JsonLdProcessor.TryValidate (ExpansionCheck): on documents built to sit at the edge of the subset
// the check decides alone, its verdict must be full expansion's, and the check must never prove a document that full
// expansion refuses — for work as well as for validity.
using System.Text.Json.Nodes;
using Identity.Credentials.Tests.DataIntegrity;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Validation;

[TestClass]
public sealed class ExpansionCheckAttackTests
{
    private const string V2 = "\"https://www.w3.org/ns/credentials/v2\"";

    private static JsonLdProcessor JsonLd => DataIntegrityTestKit.JsonLd;

    public static IEnumerable<object[]> Documents =>
    [
        ["@json term holding an array", """{"@context": [V2CTX, {"j": {"@id": "urn:j", "@type": "@json"}}], "type": "VerifiableCredential", "credentialSubject": {"j": [1, {"@id": 5}]}}"""],
        ["@list term holding a list of lists", """{"@context": [V2CTX, {"l": {"@id": "urn:l", "@container": "@list"}}], "type": "VerifiableCredential", "credentialSubject": {"l": [[1], [2]]}}"""],
        ["@set term holding a @list object", """{"@context": [V2CTX, {"s": {"@id": "urn:s", "@container": "@set"}}], "type": "VerifiableCredential", "credentialSubject": {"s": {"@list": [1]}}}"""],
        ["@graph container holding a scalar", """{"@context": [V2CTX, {"g": {"@id": "urn:g", "@container": "@graph"}}], "type": "VerifiableCredential", "credentialSubject": {"g": ["x", {"id": "urn:y"}]}}"""],
        ["@language container holding a number", """{"@context": [V2CTX, {"m": {"@id": "urn:m", "@container": "@language"}}], "type": "VerifiableCredential", "credentialSubject": {"m": {"en": 5}}}"""],
        ["@index container with a property index on a value", """{"@context": [V2CTX, {"x": {"@id": "urn:x", "@container": "@index", "@index": "urn:i"}}], "type": "VerifiableCredential", "credentialSubject": {"x": {"a": "v"}}}"""],
        ["reverse property holding a literal", """{"@context": [V2CTX, {"r": {"@reverse": "urn:r"}}], "type": "VerifiableCredential", "credentialSubject": {"r": "literal"}}"""],
        ["@nest holding a value object", """{"@context": [V2CTX, {"n": "@nest"}], "type": "VerifiableCredential", "credentialSubject": {"n": {"@value": 1}}}"""],
        ["@included holding a value", """{"@context": [V2CTX], "type": "VerifiableCredential", "@included": ["x"]}"""],
        ["type is @json", """{"@context": [V2CTX], "type": ["VerifiableCredential", "@json"]}"""],
        ["type is a blank node", """{"@context": [V2CTX], "type": ["VerifiableCredential", "_:b0"]}"""],
        ["type is empty", """{"@context": [V2CTX], "type": []}"""],
        ["type is null", """{"@context": [V2CTX], "type": null}"""],
        ["type holds a number", """{"@context": [V2CTX], "type": ["VerifiableCredential", 1]}"""],
        ["type relative under @vocab null and @base", """{"@context": [V2CTX, {"@vocab": null, "@base": "https://b.example/"}], "type": ["VerifiableCredential", "rel"]}"""],
        ["type and @type both", """{"@context": [V2CTX], "type": "VerifiableCredential", "@type": "https://e.example/T"}"""],
        ["id null", """{"@context": [V2CTX], "id": null, "type": "VerifiableCredential"}"""],
        ["id a blank node", """{"@context": [V2CTX], "id": "_:b0", "type": "VerifiableCredential"}"""],
        ["id relative with @base", """{"@context": [V2CTX, {"@base": "https://b.example/a/"}], "id": "../x", "type": "VerifiableCredential"}"""],
        ["id with a space", """{"@context": [V2CTX], "id": "urn:a b", "type": "VerifiableCredential"}"""],
        ["@id-typed scalar that is a keyword", """{"@context": [V2CTX, {"p": {"@id": "urn:p", "@type": "@id"}}], "type": "VerifiableCredential", "credentialSubject": {"p": "@type"}}"""],
        ["@vocab-typed scalar empty", """{"@context": [V2CTX, {"p": {"@id": "urn:p", "@type": "@vocab"}}], "type": "VerifiableCredential", "credentialSubject": {"p": ""}}"""],
        ["term that looks like a compact IRI", """{"@context": [V2CTX, {"ex": "https://e.example/", "ex:foo": "https://other.example/foo"}], "type": "VerifiableCredential", "credentialSubject": {"ex:foo": 1}}"""],
        ["term whose IRI is a blank node", """{"@context": [V2CTX, {"b": "_:b"}], "type": "VerifiableCredential", "credentialSubject": {"b": 1}}"""],
        ["term mapping to a relative IRI", """{"@context": [V2CTX, {"@vocab": null}, {"rel": {"@id": "rel/x"}}], "type": "VerifiableCredential", "credentialSubject": {"rel": 1}}"""],
        ["keyword alias of @value used on a node", """{"@context": [V2CTX, {"val": "@value"}], "type": "VerifiableCredential", "credentialSubject": {"val": 1, "id": "urn:a"}}"""],
        ["keyword alias of @id with a type", """{"@context": [V2CTX, {"myid": {"@id": "@id", "@type": "@id"}}], "type": "VerifiableCredential", "myid": "urn:a"}"""],
        ["two aliases of @id", """{"@context": [V2CTX, {"myid": "@id"}], "type": "VerifiableCredential", "myid": "urn:a", "id": "urn:a"}"""],
        ["@protected term redefined by a property-scoped context", """{"@context": [V2CTX, {"p": {"@id": "urn:p", "@context": {"type": "urn:evil"}}}], "type": "VerifiableCredential", "credentialSubject": {"p": {"type": "x"}}}"""],
        ["@protected term redefined in a type-scoped context", """{"@context": [V2CTX, {"T": {"@id": "urn:T", "@context": {"id": "urn:evil"}}}], "type": ["VerifiableCredential", "T"]}"""],
        ["type-scoped context not propagated to a child", """{"@context": {"@vocab": "urn:v#", "T": {"@id": "urn:T", "@context": {"q": {"@id": "urn:q", "@container": "@list"}}}}, "@type": "T", "child": {"q": [[1]]}}"""],
        ["type-scoped context with @propagate true and a bad child", """{"@context": {"@vocab": "urn:v#", "T": {"@id": "urn:T", "@context": {"@propagate": true, "q": {"@reverse": "urn:q"}}}}, "@type": "T", "child": {"q": "lit"}}"""],
        ["property-scoped context invalid on a scalar", """{"@context": {"@vocab": "urn:v#", "p": {"@id": "urn:p", "@context": {"@version": 1.0}}}, "p": "x"}"""],
        ["embedded context invalid deep down", """{"@context": [V2CTX], "type": "VerifiableCredential", "credentialSubject": {"a": {"b": {"@context": 5}}}}"""],
        ["embedded context with @import of an unknown context", """{"@context": [V2CTX], "type": "VerifiableCredential", "credentialSubject": {"@context": {"@import": "https://evil.example/c"}, "id": "urn:a"}}"""],
        ["keys differing only by normalization", """{"@context": [V2CTX, {"caf\u00e9": "urn:a", "cafe\u0301": "urn:b"}], "type": "VerifiableCredential", "credentialSubject": {"caf\u00e9": 1, "cafe\u0301": 2}}"""],
        ["@direction in a context, bad", """{"@context": [V2CTX, {"@direction": "up"}], "type": "VerifiableCredential"}"""],
        ["@language term on a number", """{"@context": [V2CTX, {"l": {"@id": "urn:l", "@language": "en"}}], "type": "VerifiableCredential", "credentialSubject": {"l": 5}}"""],
        ["@graph key", """{"@context": [V2CTX], "@graph": [{"id": "urn:a", "type": "VerifiableCredential"}]}"""],
        ["@reverse key", """{"@context": [V2CTX], "type": "VerifiableCredential", "@reverse": {"https://e.example/p": {"id": "urn:x"}}}"""],
        ["keyword-looking undefined term", """{"@context": [V2CTX], "type": "VerifiableCredential", "credentialSubject": {"@Id": "urn:a", "@ype": 1}}"""],
        ["nested arrays of node objects", """{"@context": [V2CTX], "type": "VerifiableCredential", "credentialSubject": [[{"id": "urn:a"}], [[{"id": 5}]]]}"""],
    ];

    [TestMethod]
    [DynamicData(nameof(Documents))]
    public void TryValidate_EdgeOfTheSubset_SameVerdictAsFullExpansion(string what, string json)
    {
        foreach (JsonLdOptions options in (JsonLdOptions[])[new() { RequireMappedTypes = true }, new() { SafeMode = true }, JsonLdOptions.Default])
        {
            JsonNode document = JsonNode.Parse(json.Replace("V2CTX", V2, StringComparison.Ordinal))!;
            bool full = JsonLd.TryExpand(document, options, out _, out JsonLdFailure? fullFailure);
            bool check = JsonLd.ExpandsWithoutOutput(document, options);
            bool validated = JsonLd.TryValidate(document, options, out JsonLdFailure? failure);

            Assert.IsTrue(!check || full, $"{what}: the check proved what expansion refuses ({fullFailure?.Error.Detail})");
            Assert.AreEqual(full, validated, what);
            Assert.AreEqual(fullFailure?.Kind, failure?.Kind, what);
        }
    }

    // The budget at which a document stops expanding must be the budget at which it stops validating: a check that
    // charged less than expansion would accept, within the budget, what expansion refuses for work.
    [TestMethod]
    [DynamicData(nameof(Documents))]
    public void TryValidate_AtTheBudgetBoundary_SameVerdictAsFullExpansion(string what, string json)
    {
        var options = new JsonLdOptions { RequireMappedTypes = true };
        JsonNode document = JsonNode.Parse(json.Replace("V2CTX", V2, StringComparison.Ordinal))!;
        if (!JsonLd.TryExpand(document, options, out _, out _))
        {
            return;
        }

        _ = JsonLd.TryValidate(document, options, out _); // contexts cached for both paths
        long needed = Needed(limit => JsonLd.TryExpand(document, options with { Budget = new WorkBudget(limit) }, out _, out _));

        bool below = JsonLd.TryValidate(document, options with { Budget = new WorkBudget(needed - 1) }, out JsonLdFailure? failure);
        bool at = JsonLd.TryValidate(document, options with { Budget = new WorkBudget(needed) }, out _);

        Assert.IsFalse(below, $"{what}: validated on {needed - 1} units where expansion needs {needed}");
        Assert.AreEqual(JsonLdFailureKind.WorkLimitExceeded, failure!.Kind, what);
        Assert.IsTrue(at, what);
    }

    private static long Needed(Func<long, bool> fits)
    {
        long low = 1, high = 1_000_000;
        while (low < high)
        {
            long middle = (low + high) / 2;
            if (fits(middle))
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
