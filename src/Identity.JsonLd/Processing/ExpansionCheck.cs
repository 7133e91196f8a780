// References:
//   JSON-LD 1.1 Processing Algorithms and API, W3C Recommendation 16 July 2020, §5.1.2 Expansion Algorithm (steps 4-19),
//   §5.3 Value Expansion — https://www.w3.org/TR/json-ld11-api/#expansion-algorithm

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

/// <summary>
/// Proves, without building the expanded document, that <see cref="Expander"/> would expand a document without error:
/// it walks the input with the same active contexts the expander would use (the same <see cref="ContextProcessor"/>,
/// so property-scoped, type-scoped, embedded and remote contexts are processed, validated and cached exactly as they
/// are when expanding) and accepts only a subset of JSON-LD in which expansion provably cannot fail.
/// </summary>
/// <remarks>
/// <para>The subset: every key other than <c>@context</c> maps to nothing (expansion drops it unread, as JSON-LD 1.1
/// does outside safe mode), to an absolute IRI, or is an alias of <c>@id</c> (one per object, a string value) or <c>@type</c> (one per object, a string or
/// an array of strings, each mapping to an IRI when <see cref="JsonLdOptions.RequireMappedTypes"/>); every term used
/// has no container but <c>@set</c> or <c>@graph</c>, is not a reverse property and is not typed <c>@json</c>. Outside
/// it — any other keyword, a property mapping to a relative IRI or a blank node, an unmapped type, a second
/// <c>@id</c> or <c>@type</c> key, too deep a document, an unavailable context — the check says "undecided" and the
/// caller expands in full, so the verdict is always the expander's.</para>
/// <para>Invariant: the work charged mirrors the expander's (the same units per element, the same context processing),
/// so a document within the budget here is within it when expanded.</para>
/// </remarks>
internal sealed class ExpansionCheck(ContextProcessor contexts)
{
    private readonly JsonLdOptions _options = contexts.Options;
    private int _depth;

    /// <summary>True when expanding <paramref name="element"/> under <paramref name="active"/> cannot fail; false when
    /// this check cannot tell. Throws <see cref="JsonLdException"/> where context processing or the budget would.</summary>
    public bool Check(ActiveContext active, string? activeProperty, JsonNode? element, string? baseUrl)
    {
        if (element is null)
        {
            return true;
        }

        if (++_depth > _options.MaxDepth)
        {
            _depth--;
            return false;
        }

        try
        {
            contexts.Charge(element is JsonObject members ? Expander.ElementUnits + members.Count : Expander.ElementUnits);
            return element switch
            {
                JsonValue => CheckScalar(active, activeProperty, element),
                JsonArray array => CheckArray(active, activeProperty, array, baseUrl),
                _ => CheckObject(active, activeProperty, (JsonObject)element, baseUrl),
            };
        }
        finally
        {
            _depth--;
        }
    }

    // Step 4 and Value Expansion: a scalar never fails to expand once its property's scoped context has been applied.
    private bool CheckScalar(ActiveContext active, string? activeProperty, JsonNode scalar)
    {
        if (activeProperty is null or "@graph")
        {
            return true;
        }

        if (active.Term(activeProperty) is { HasContext: true } propertyDefinition)
        {
            active = contexts.Process(active, propertyDefinition.Context, propertyDefinition.BaseUrl, overrideProtected: true);
        }

        if (scalar.GetValueKind() == JsonValueKind.String && active.Term(activeProperty)?.Type is "@id" or "@vocab")
        {
            contexts.ExpandIri(active, scalar.GetValue<string>(), documentRelative: true, vocab: active.Term(activeProperty)!.Type == "@vocab");
        }

        return true;
    }

    // Step 5: the items are expanded one by one with the same active property.
    private bool CheckArray(ActiveContext active, string? activeProperty, JsonArray array, string? baseUrl)
    {
        if (active.Term(activeProperty) is { } definition && !HasPlainContainer(definition))
        {
            return false;
        }

        for (int i = 0; i < array.Count; i++)
        {
            if (!Check(active, activeProperty, array[i], baseUrl))
            {
                return false;
            }
        }

        return true;
    }

    private bool CheckObject(ActiveContext active, string? activeProperty, JsonObject map, string? baseUrl)
    {
        TermDefinition? propertyDefinition = active.Term(activeProperty);

        // Step 7: a context that does not propagate reverts for a node object.
        active = contexts.ForNodeObject(active, map);

        // Steps 8 and 9.
        if (propertyDefinition is { HasContext: true })
        {
            active = contexts.Process(active, propertyDefinition.Context, propertyDefinition.BaseUrl, overrideProtected: true);
        }

        if (map.TryGetPropertyValue("@context", out JsonNode? localContext))
        {
            active = contexts.Process(active, localContext, baseUrl);
        }

        // Steps 10-12: one type key at most, holding strings; its type-scoped contexts in lexicographic order.
        ActiveContext typeScoped = active;
        string? typeKey = null;
        for (int i = 0; i < map.Count; i++)
        {
            string key = map.GetAt(i).Key;
            if (key != "@context" && contexts.ExpandIri(active, key, vocab: true) == "@type")
            {
                if (typeKey is not null)
                {
                    return false;
                }

                typeKey = key;
            }
        }

        List<string>? types = null;
        if (typeKey is not null)
        {
            if (!TryReadTypes(map[typeKey], out types))
            {
                return false;
            }

            List<string> ordered = types;
            if (types.Count > 1)
            {
                ordered = [.. types];
                ordered.Sort(StringComparer.Ordinal);
            }

            foreach (string type in ordered)
            {
                if (typeScoped.Term(type) is { HasContext: true } typeDefinition)
                {
                    active = contexts.Process(active, typeDefinition.Context, typeDefinition.BaseUrl, propagate: false);
                }
            }
        }

        return CheckEntries(active, typeScoped, map, types, baseUrl);
    }

    // Steps 13-19 within the subset: @id, @type and properties mapping to absolute IRIs; nothing else.
    private bool CheckEntries(ActiveContext active, ActiveContext typeScoped, JsonObject map, List<string>? types, string? baseUrl)
    {
        bool seenId = false;
        for (int i = 0; i < map.Count; i++)
        {
            (string key, JsonNode? value) = map.GetAt(i);
            if (key == "@context")
            {
                continue;
            }

            // Step 13.3: expansion drops a key that maps to nothing or to neither an IRI nor a keyword, value unread.
            string? property = contexts.ExpandIri(active, key, vocab: true);
            if (property is null || (!property.Contains(':', StringComparison.Ordinal) && !IriReference.IsKeyword(property)))
            {
                if (_options.SafeMode)
                {
                    return false;
                }

                continue;
            }

            if (property == "@id")
            {
                if (seenId || value?.GetValueKind() != JsonValueKind.String)
                {
                    return false;
                }

                seenId = true;
                contexts.ExpandIri(active, value.GetValue<string>(), documentRelative: true);
            }
            else if (property == "@type")
            {
                if (!TypesMapped(typeScoped, types!))
                {
                    return false;
                }
            }
            else if (!IriReference.IsAbsolute(property) || IriReference.IsKeyword(property) || IriReference.IsBlankNode(property)
                || (active.Term(key) is { } definition && (definition.Reverse || definition.Type == "@json" || !HasPlainContainer(definition)))
                || !Check(active, key, value, baseUrl))
            {
                return false;
            }
        }

        return true;
    }

    private bool TypesMapped(ActiveContext typeScoped, List<string> types)
    {
        bool required = _options.SafeMode || _options.RequireMappedTypes;
        foreach (string type in types)
        {
            string? iri = contexts.ExpandIri(typeScoped, type, documentRelative: true, vocab: true);
            if (required && (iri is null || (!IriReference.IsAbsolute(iri) && !IriReference.IsBlankNode(iri) && !IriReference.IsKeyword(iri))))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadTypes(JsonNode? value, out List<string> types)
    {
        types = [];
        if (value?.GetValueKind() == JsonValueKind.String)
        {
            types.Add(value.GetValue<string>());
            return true;
        }

        if (value is not JsonArray array)
        {
            return false;
        }

        for (int i = 0; i < array.Count; i++)
        {
            JsonNode? item = array[i];
            if (item?.GetValueKind() != JsonValueKind.String)
            {
                return false;
            }

            types.Add(item.GetValue<string>());
        }

        return true;
    }

    // No container, @set, or @graph alone: expansion wraps values (step 13.12) but never refuses them.
    private static bool HasPlainContainer(TermDefinition definition)
    {
        foreach (string container in definition.Container)
        {
            if (container is not ("@set" or "@graph"))
            {
                return false;
            }
        }

        return true;
    }
}
