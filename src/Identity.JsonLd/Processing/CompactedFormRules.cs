// References:
//   JSON-LD 1.1 Processing Algorithms and API, W3C Recommendation 16 July 2020, §6 Compaction Algorithms (IRI
//   compaction, term selection, value compaction: the one spelling the active context gives each statement)
//   — https://www.w3.org/TR/json-ld11-api/#compaction-algorithms
//   JSON-LD 1.1, §4.3 Value Objects, §4.4 Node Identifiers (node objects with the same @id describe one node)
//   — https://www.w3.org/TR/json-ld11/
//   W3C Verifiable Credential Data Integrity 1.0, §2.4 (securing a JSON-LD document signs its RDF dataset)
//   — https://www.w3.org/TR/vc-data-integrity/

using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd.Processing;

/// <summary>
/// The rules of <see cref="JsonLdOptions.RequireCompactedForm"/>, checked while expanding. An RDF signature covers the
/// dataset, but verifiers (ours included) read the JSON members; the two say the same thing only when the document is
/// written the one way its contexts define. Each rule refuses a way to respell a statement without changing the RDF:
/// <list type="bullet">
/// <item>a member whose key is a keyword other than <c>@context</c> (<c>@id</c>, <c>@type</c>, <c>@graph</c>,
/// <c>@included</c>, <c>@nest</c>, <c>@reverse</c>, <c>@set</c>, <c>@list</c>, <c>@index</c>, …), except
/// <c>@value</c>, <c>@language</c>, <c>@direction</c> and <c>@type</c> inside a value object;</item>
/// <item>an alias of a keyword other than <c>id</c> → <c>@id</c> and <c>type</c> → <c>@type</c>, and any keyword alias
/// or reverse property an inline context defines;</item>
/// <item>a key that is not the term for its IRI (an absolute IRI, a compact IRI or a <c>@vocab</c>-relative name
/// where a term maps to that IRI), or a term whose IRI another term of the active context also maps to (an inline
/// alias of a pinned term); the same for <c>type</c> values and <c>@vocab</c>-typed values;</item>
/// <item>a key for one of <see cref="JsonLdOptions.ReservedKeys"/> other than its reserved name;</item>
/// <item>a reverse property;</item>
/// <item>a value object where the plain value is the compacted form: under a term with a type mapping (so
/// <c>validUntil</c> is always a plain string), with no language, direction or type, or typed <c>xsd:string</c>;</item>
/// <item>an <c>id</c> value (or an <c>@id</c>-typed value) that is not written as the absolute IRI it denotes
/// (relative, compact IRI) or is a blank node identifier (which lets node objects merge unseen);</item>
/// <item>two node objects with properties and the same <c>id</c> in one graph (their statements merge into one
/// node), and two graphs with the same name.</item>
/// </list>
/// Details name keys and terms, never values (which may be personal data).
/// </summary>
/// <remarks><threadsafety>One instance per expansion; the IRI index is a thread-safe weak table keyed by immutable
/// processed contexts.</threadsafety></remarks>
internal sealed class CompactedFormRules(ContextProcessor contexts)
{
    private const string ErrorName = "not compacted form";
    private const int MaxKeyInMessage = 80;
    private const string XsdString = "http://www.w3.org/2001/XMLSchema#string";

    // IRI → (a term mapping to it, how many terms do) for each processed active context, computed once per context.
    private static readonly ConditionalWeakTable<ActiveContext, Dictionary<string, (string Term, int Count)>> s_termsByIri = new();

    /// <summary>Step 9: inline (embedded) contexts must not alias keywords or define reverse properties.</summary>
    public static void CheckLocalContext(JsonNode? local)
    {
        foreach (JsonNode? item in local is JsonArray array ? array : (IEnumerable<JsonNode?>)[local])
        {
            if (item is not JsonObject inline)
            {
                continue; // null or the URL of a pinned context.
            }

            foreach ((string term, JsonNode? definition) in inline)
            {
                if (term.StartsWith('@'))
                {
                    continue;
                }

                string? iri = definition is JsonObject map ? StringOf(map["@id"]) : StringOf(definition);
                if (IriReference.IsKeyword(iri))
                {
                    throw Violation($"an inline context defines \"{Shorten(term)}\" as an alias of {iri}; use the keyword's term from the pinned contexts.");
                }

                if (definition is JsonObject reverse && reverse.ContainsKey("@reverse"))
                {
                    throw Violation($"an inline context defines the reverse property \"{Shorten(term)}\"; write the statement on its subject.");
                }

                if (definition is JsonObject scoped && scoped.TryGetPropertyValue("@context", out JsonNode? nested))
                {
                    CheckLocalContext(nested);
                }
            }
        }
    }

    /// <summary>Steps 13-14, before expanding the members of <paramref name="map"/>.</summary>
    public void CheckObject(ActiveContext active, TermDefinition? propertyDefinition, string? activeProperty, JsonObject map)
    {
        bool valueObject = false;
        bool qualified = false;
        var keys = new (string Key, string? Iri)[map.Count];
        int count = 0;
        foreach ((string key, JsonNode? _) in map)
        {
            if (key == "@context")
            {
                continue;
            }

            string? iri = contexts.ExpandIri(active, key, vocab: true);
            keys[count++] = (key, iri);
            valueObject |= iri == "@value";
            qualified |= iri is "@language" or "@direction" or "@type";
        }

        for (int i = 0; i < count; i++)
        {
            CheckKey(active, activeProperty, keys[i].Key, keys[i].Iri, valueObject);
        }

        if (!valueObject)
        {
            return;
        }

        if (propertyDefinition?.Type is not (null or "@none"))
        {
            throw Violation($"{Where(activeProperty)} is written as a value object, but its term has a type mapping: write the plain value.");
        }

        if (!qualified)
        {
            throw Violation($"{Where(activeProperty)} is a value object with neither language, direction nor type: write the plain value.");
        }

        foreach ((string key, JsonNode? value) in map)
        {
            // RDF 1.1: "x"^^xsd:string is the plain literal "x", so such a value object only respells a string.
            if (key != "@context" && contexts.ExpandIri(active, key, vocab: true) == "@type" && StringOf(value) is { } type
                && contexts.ExpandIri(active, type, vocab: true) == XsdString)
            {
                throw Violation($"{Where(activeProperty)} is a value object typed xsd:string: write the plain string.");
            }
        }
    }

    /// <summary>A <c>type</c> value (or a value object's datatype) must be the term where one maps to its IRI.</summary>
    public void CheckType(ActiveContext typeScoped, string type, string? iri)
    {
        if (iri is null)
        {
            return;
        }

        if (typeScoped.Term(type) is not null)
        {
            if (TermsFor(typeScoped, iri) is { Count: > 1 })
            {
                throw Violation($"the type \"{Shorten(type)}\" is a term, but another term maps to the same IRI (an alias of a term of the pinned contexts).");
            }

            return;
        }

        if (TermsFor(typeScoped, iri) is { Count: > 0 } term)
        {
            throw Violation($"the type \"{Shorten(type)}\" is spelled as an IRI; write the term \"{term.Term}\".");
        }
    }

    /// <summary>An <c>id</c> value, or a value of an <c>@id</c>-typed term: the absolute IRI it denotes, written in full.</summary>
    public static void CheckIdReference(string value, string? expanded, string? activeProperty)
    {
        if (IriReference.IsBlankNode(value))
        {
            throw Violation($"{Where(activeProperty)} uses a blank node identifier as an id; leave the id out or use an IRI.");
        }

        if (!string.Equals(value, expanded, StringComparison.Ordinal) || !IriReference.IsAbsolute(value))
        {
            throw Violation($"{Where(activeProperty)} has an id that is not an absolute IRI written in full (a relative or compact IRI).");
        }
    }

    /// <summary>A value of a <c>@vocab</c>-typed term (e.g. <c>proofPurpose</c>): the term where one maps to its IRI.</summary>
    public void CheckVocabReference(ActiveContext active, string value, string? expanded, string? activeProperty)
    {
        if (expanded is null)
        {
            return;
        }

        if (active.Term(value) is not null)
        {
            if (TermsFor(active, expanded) is { Count: > 1 })
            {
                throw Violation($"{Where(activeProperty)} uses \"{Shorten(value)}\", but another term maps to the same IRI.");
            }

            return;
        }

        if (IriReference.IsBlankNode(value))
        {
            throw Violation($"{Where(activeProperty)} uses a blank node identifier as a value.");
        }

        if (TermsFor(active, expanded) is { Count: > 0 } term)
        {
            throw Violation($"{Where(activeProperty)} is spelled as an IRI; write the term \"{term.Term}\".");
        }
    }

    /// <summary>After expansion: node objects with properties never share an id within a graph, nor graphs a name.</summary>
    public static void CheckNodeMerging(JsonArray expanded)
    {
        var graphNames = new HashSet<string>(StringComparer.Ordinal);
        var defaultGraph = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonNode? item in expanded)
        {
            Visit(item, defaultGraph, graphNames);
        }
    }

    private static void Visit(JsonNode? node, HashSet<string> graph, HashSet<string> graphNames)
    {
        if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                Visit(item, graph, graphNames);
            }

            return;
        }

        if (node is not JsonObject map || map.ContainsKey("@value"))
        {
            return;
        }

        string? id = StringOf(map["@id"]);
        if (id is not null && map.Any(p => p.Key is not ("@id" or "@index" or "@graph")) && !graph.Add(id))
        {
            throw Violation("two node objects with properties have the same id in one graph, so their statements merge; write each node once.");
        }

        foreach ((string key, JsonNode? value) in map)
        {
            if (key == "@graph")
            {
                if (id is not null && !graphNames.Add(id))
                {
                    throw Violation("two graphs have the same name, so their statements merge; write each graph once.");
                }

                Visit(value, new HashSet<string>(StringComparer.Ordinal), graphNames);
            }
            else if (key is not ("@id" or "@type" or "@index"))
            {
                Visit(value, graph, graphNames);
            }
        }
    }

    private void CheckKey(ActiveContext active, string? activeProperty, string key, string? iri, bool valueObject)
    {
        if (IriReference.IsKeyword(key))
        {
            if (valueObject && key is "@value" or "@language" or "@direction" or "@type")
            {
                return;
            }

            throw Violation($"{Where(activeProperty)} has the member \"{key}\": keywords other than @context have no place in the "
                + "compacted form (write \"id\" and \"type\"; @graph, @included, @nest, @reverse, @set, @list and @index are refused).");
        }

        TermDefinition? term = active.Term(key);
        if (term is not null && IriReference.IsKeyword(term.Iri))
        {
            if ((key, term.Iri) is ("id", "@id") or ("type", "@type"))
            {
                return;
            }

            throw Violation($"{Where(activeProperty)} uses \"{Shorten(key)}\", an alias of {term.Iri}; only \"id\" and \"type\" are accepted.");
        }

        if (term is { Reverse: true })
        {
            throw Violation($"{Where(activeProperty)} uses the reverse property \"{Shorten(key)}\"; write the statement on its subject.");
        }

        if (iri is not null && contexts.Options.ReservedKeys?.TryGetValue(iri, out string? reserved) == true && key != reserved)
        {
            throw Violation($"{Where(activeProperty)} has the key \"{Shorten(key)}\" for the IRI of \"{reserved}\", which verifiers read only under that name.");
        }

        if (iri is null || IriReference.IsKeyword(iri) || TermsFor(active, iri) is not { } terms)
        {
            return; // Not a term's IRI: safe mode decides whether it may be used at all.
        }

        if (term is null)
        {
            throw Violation($"{Where(activeProperty)} has the key \"{Shorten(key)}\", which spells the IRI of the term \"{terms.Term}\"; write \"{terms.Term}\".");
        }

        if (terms.Count > 1)
        {
            throw Violation($"{Where(activeProperty)} uses \"{Shorten(key)}\", but another term maps to the same IRI (an alias of a term of the pinned contexts).");
        }
    }

    private static (string Term, int Count)? TermsFor(ActiveContext active, string iri)
    {
        Dictionary<string, (string Term, int Count)> index = s_termsByIri.GetValue(active, BuildIndex);
        return index.TryGetValue(iri, out (string Term, int Count) entry) ? entry : null;
    }

    private static Dictionary<string, (string Term, int Count)> BuildIndex(ActiveContext active)
    {
        var index = new Dictionary<string, (string Term, int Count)>(StringComparer.Ordinal);
        foreach ((string term, TermDefinition definition) in active.Terms)
        {
            if (term.StartsWith('@') || definition.Iri is null || definition.Reverse || IriReference.IsKeyword(definition.Iri))
            {
                continue;
            }

            index[definition.Iri] = index.TryGetValue(definition.Iri, out (string Term, int Count) existing)
                ? (existing.Term, existing.Count + 1)
                : (term, 1);
        }

        return index;
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Where(string? activeProperty) =>
        activeProperty is null ? "the document" : $"a value of \"{Shorten(activeProperty)}\"";

    private static string Shorten(string text) => text.Length <= MaxKeyInMessage ? text : text[..MaxKeyInMessage] + "…";

    private static JsonLdException Violation(string message) => new(ErrorName, message, ErrorCodes.JsonLdNotCompacted);
}
