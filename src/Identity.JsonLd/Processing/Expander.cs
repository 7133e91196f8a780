// References:
//   JSON-LD 1.1 Processing Algorithms and API, W3C Recommendation 16 July 2020, §5.1 Expansion Algorithm,
//   §5.3 Value Expansion — https://www.w3.org/TR/json-ld11-api/#expansion-algorithm

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

/// <summary>The Expansion algorithm over System.Text.Json nodes. The output is a new tree; the input is never modified.</summary>
internal sealed partial class Expander(ContextProcessor contexts)
{
    /// <summary>
    /// The units one element costs to expand, besides one per member: expansion allocates a new node for it (a scalar
    /// becomes a value object of a few hundred bytes) that the caller holds until it is done, so the charge bounds the
    /// memory a request's expansions hold, not only their time.
    /// </summary>
    internal const int ElementUnits = 16;

    private readonly JsonLdOptions _options = contexts.Options;
    private readonly CompactedFormRules? _compactedForm = contexts.Options.RequireCompactedForm ? new CompactedFormRules(contexts) : null;
    private int _depth;

    /// <summary>§5.1.2; returns null, a JSON array or a JSON object.</summary>
    public JsonNode? Expand(ActiveContext active, string? activeProperty, JsonNode? element, string? baseUrl, bool fromMap = false)
    {
        if (element is null)
        {
            return null;
        }

        EnterLevel();
        try
        {
            contexts.Charge(element is JsonObject members ? ElementUnits + members.Count : ElementUnits);
            return ExpandCore(active, activeProperty, element, baseUrl, fromMap);
        }
        finally
        {
            _depth--;
        }
    }

    // Invariant: every recursive path of the expander passes here, so its depth is bounded by MaxDepth.
    private void EnterLevel()
    {
        if (++_depth > _options.MaxDepth)
        {
            _depth--;
            throw new JsonLdException("document too deep", $"The document nests deeper than {_options.MaxDepth} levels.");
        }
    }

    private JsonNode? ExpandCore(ActiveContext active, string? activeProperty, JsonNode element, string? baseUrl, bool fromMap)
    {
        TermDefinition? propertyDefinition = active.Term(activeProperty);

        // Step 4: scalars.
        if (element is JsonValue scalar)
        {
            if (activeProperty is null or "@graph")
            {
                return null;
            }

            if (propertyDefinition is { HasContext: true })
            {
                active = contexts.Process(active, propertyDefinition.Context, propertyDefinition.BaseUrl, overrideProtected: true);
            }

            return ExpandValue(active, activeProperty, scalar);
        }

        // Step 5: arrays.
        if (element is JsonArray array)
        {
            var items = new JsonArray();
            foreach (JsonNode? item in array)
            {
                JsonNode? expanded = Expand(active, activeProperty, item, baseUrl, fromMap);
                if (propertyDefinition is not null && propertyDefinition.HasContainer("@list") && expanded is JsonArray listItems)
                {
                    expanded = new JsonObject { ["@list"] = listItems };
                }

                if (expanded is JsonArray nested)
                {
                    MoveAll(nested, items);
                }
                else if (expanded is not null)
                {
                    items.Add(expanded);
                }
            }

            return items;
        }

        var map = (JsonObject)element;

        // Step 7: revert a non-propagated context.
        if (!fromMap)
        {
            active = contexts.ForNodeObject(active, map);
        }

        // Step 8.
        if (propertyDefinition is { HasContext: true })
        {
            active = contexts.Process(active, propertyDefinition.Context, propertyDefinition.BaseUrl, overrideProtected: true);
        }

        // Step 9.
        if (map.TryGetPropertyValue("@context", out JsonNode? localContext))
        {
            if (_compactedForm is not null)
            {
                CompactedFormRules.CheckLocalContext(localContext);
            }

            active = contexts.Process(active, localContext, baseUrl);
        }

        // Steps 10-12: type-scoped contexts, applied in lexicographic order of the type keys and of the types.
        ActiveContext typeScoped = active;
        string? inputType = null;
        List<string>? typeKeys = null;
        foreach ((string key, JsonNode? _) in map)
        {
            if (contexts.ExpandIri(active, key, vocab: true) == "@type")
            {
                (typeKeys ??= []).Add(key);
            }
        }

        if (typeKeys is not null)
        {
            typeKeys.Sort(StringComparer.Ordinal);
            foreach (string key in typeKeys)
            {
                JsonNode? value = map[key];
                List<string> types = value is JsonArray typeArray
                    ? typeArray.Where(t => t?.GetValueKind() == JsonValueKind.String).Select(t => t!.GetValue<string>()).ToList()
                    : value?.GetValueKind() == JsonValueKind.String ? [value.GetValue<string>()] : [];
                types.Sort(StringComparer.Ordinal);
                foreach (string type in types)
                {
                    if (typeScoped.Term(type) is { HasContext: true } typeDefinition)
                    {
                        active = contexts.Process(active, typeDefinition.Context, typeDefinition.BaseUrl, propagate: false);
                    }
                }
            }

            JsonNode? first = map[typeKeys[0]];
            string? last = first is JsonArray firstArray
                ? firstArray.Count > 0 && firstArray[^1]?.GetValueKind() == JsonValueKind.String ? firstArray[^1]!.GetValue<string>() : null
                : first?.GetValueKind() == JsonValueKind.String ? first.GetValue<string>() : null;
            inputType = last is null ? null : contexts.ExpandIri(active, last, vocab: true);
        }

        // Steps 13-14.
        _compactedForm?.CheckObject(active, propertyDefinition, activeProperty, map);
        var result = new JsonObject();
        ExpandEntries(active, typeScoped, activeProperty, map, result, baseUrl, inputType);

        return FinishObject(result, activeProperty);
    }

    private JsonNode? FinishObject(JsonObject result, string? activeProperty)
    {
        // Step 15: value objects.
        if (result.TryGetPropertyValue("@value", out JsonNode? value))
        {
            foreach ((string key, JsonNode? _) in result)
            {
                if (key is not ("@direction" or "@index" or "@language" or "@type" or "@value"))
                {
                    throw new JsonLdException("invalid value object", $"A value object cannot contain {key}.");
                }
            }

            if (result.ContainsKey("@type") && (result.ContainsKey("@language") || result.ContainsKey("@direction")))
            {
                throw new JsonLdException("invalid value object", "A value object cannot have both @type and @language or @direction.");
            }

            JsonNode? type = result["@type"];
            bool isJson = type?.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "@json";
            if (!isJson)
            {
                if (value is null)
                {
                    return null;
                }

                if (value.GetValueKind() != JsonValueKind.String && result.ContainsKey("@language"))
                {
                    throw new JsonLdException("invalid language-tagged value", "Only a string can have a language.");
                }

                if (type is not null && (type.GetValueKind() != JsonValueKind.String || !IriReference.IsWellFormed(type.GetValue<string>())
                    || IriReference.IsBlankNode(type.GetValue<string>())))
                {
                    throw new JsonLdException("invalid typed value", "The @type of a value must be an IRI.");
                }
            }
        }
        else if (result.TryGetPropertyValue("@type", out JsonNode? type) && type is not JsonArray)
        {
            // Step 16.
            result["@type"] = new JsonArray(Detach(type));
        }
        else if (result.ContainsKey("@set") || result.ContainsKey("@list"))
        {
            // Step 17.
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey("@index")))
            {
                throw new JsonLdException("invalid set or list object", "A @set or @list object may only also hold @index.");
            }

            if (result.TryGetPropertyValue("@set", out JsonNode? set))
            {
                return Detach(set);
            }
        }

        // Step 18.
        if (result.Count == 1 && result.ContainsKey("@language"))
        {
            return null;
        }

        // Step 19: drop free-floating values.
        if (activeProperty is null or "@graph")
        {
            if (result.Count == 0 || result.ContainsKey("@value") || result.ContainsKey("@list"))
            {
                return null;
            }

            if (result.Count == 1 && result.ContainsKey("@id"))
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>Value Expansion (§5.3.2).</summary>
    private JsonObject ExpandValue(ActiveContext active, string? activeProperty, JsonValue value)
    {
        TermDefinition? definition = active.Term(activeProperty);
        bool isString = value.GetValueKind() == JsonValueKind.String;
        if (definition?.Type == "@id" && isString)
        {
            string? id = contexts.ExpandIri(active, value.GetValue<string>(), documentRelative: true);
            if (_compactedForm is not null)
            {
                CompactedFormRules.CheckIdReference(value.GetValue<string>(), id, activeProperty);
            }

            return new JsonObject { ["@id"] = id };
        }

        if (definition?.Type == "@vocab" && isString)
        {
            string? iri = contexts.ExpandIri(active, value.GetValue<string>(), documentRelative: true, vocab: true);
            _compactedForm?.CheckVocabReference(active, value.GetValue<string>(), iri, activeProperty);
            return new JsonObject { ["@id"] = iri };
        }

        var result = new JsonObject { ["@value"] = value.DeepClone() };
        if (definition?.Type is not null and not ("@id" or "@vocab" or "@none"))
        {
            result["@type"] = definition.Type;
        }
        else if (isString)
        {
            string? language = definition is { HasLanguage: true } ? definition.Language : active.DefaultLanguage;
            string? direction = definition is { HasDirection: true } ? definition.Direction : active.DefaultDirection;
            if (language is not null)
            {
                result["@language"] = language;
            }

            if (direction is not null)
            {
                result["@direction"] = direction;
            }
        }

        return result;
    }

    private static JsonNode? Detach(JsonNode? node)
    {
        if (node?.Parent is JsonObject parent)
        {
            foreach ((string key, JsonNode? child) in parent)
            {
                if (ReferenceEquals(child, node))
                {
                    parent.Remove(key);
                    return node;
                }
            }
        }
        else if (node?.Parent is JsonArray array)
        {
            array.Remove(node);
        }

        return node;
    }

    /// <summary>The items of <paramref name="node"/> as an array, detached from it in one pass (detaching them one by
    /// one from the front would shift the array each time: quadratic in its length).</summary>
    private static JsonNode?[] TakeAll(JsonNode? node)
    {
        JsonArray array = AsArray(node);
        JsonNode?[] items = [.. array];
        array.Clear();
        return items;
    }

    private static void MoveAll(JsonArray from, JsonArray to)
    {
        JsonNode?[] items = [.. from];
        from.Clear();
        foreach (JsonNode? item in items)
        {
            to.Add(item);
        }
    }

    private static JsonArray AsArray(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            return array;
        }

        var wrapped = new JsonArray();
        if (node is not null)
        {
            wrapped.Add(Detach(node));
        }

        return wrapped;
    }

    /// <summary>Adds <paramref name="value"/> to <c>map[key]</c> as an array, flattening arrays.</summary>
    private static void AddValue(JsonObject map, string key, JsonNode? value)
    {
        if (!map.TryGetPropertyValue(key, out JsonNode? existing) || existing is null)
        {
            existing = new JsonArray();
            map[key] = existing;
        }
        else if (existing is not JsonArray)
        {
            map.Remove(key);
            existing = new JsonArray(existing);
            map[key] = existing;
        }

        var target = (JsonArray)existing;
        if (value is JsonArray values)
        {
            MoveAll(values, target);
        }
        else
        {
            target.Add(Detach(value));
        }
    }
}
