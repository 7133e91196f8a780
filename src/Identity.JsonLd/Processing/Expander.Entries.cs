// References:
//   JSON-LD 1.1 Processing Algorithms and API, §5.1.2 Expansion Algorithm, steps 13-14 — https://www.w3.org/TR/json-ld11-api/#algorithm-3

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

internal sealed partial class Expander
{
    private void ExpandEntries(
        ActiveContext active, ActiveContext typeScoped, string? activeProperty, JsonObject element, JsonObject result, string? baseUrl, string? inputType)
    {
        List<string>? nests = null;
        foreach ((string key, JsonNode? value) in element)
        {
            if (key == "@context")
            {
                continue;
            }

            string? property = contexts.ExpandIri(active, key, vocab: true);
            if (property is null || (!property.Contains(':', StringComparison.Ordinal) && !IriReference.IsKeyword(property)))
            {
                if (_options.SafeMode)
                {
                    throw new JsonLdException("invalid property", $"The property \"{key}\" is not defined by the context (safe mode).");
                }

                continue;
            }

            if (IriReference.IsKeyword(property))
            {
                if (ExpandKeyword(active, typeScoped, activeProperty, key, property, value, result, baseUrl, inputType))
                {
                    (nests ??= []).Add(key);
                }

                continue;
            }

            if (_options.SafeMode && !IriReference.IsAbsolute(property) && !IriReference.IsBlankNode(property))
            {
                throw new JsonLdException("invalid property", $"The property \"{key}\" expands to the relative IRI {property} (safe mode).");
            }

            ExpandProperty(active, key, property, value, result, baseUrl);
        }

        // Step 14: nested properties.
        if (nests is null)
        {
            return;
        }

        nests.Sort(StringComparer.Ordinal);
        foreach (string nestKey in nests)
        {
            foreach (JsonNode? nested in element[nestKey] is JsonArray nestedArray ? nestedArray : (IEnumerable<JsonNode?>)new JsonNode?[] { element[nestKey] })
            {
                if (nested is not JsonObject nestedMap
                    || nestedMap.Any(p => contexts.ExpandIri(active, p.Key, vocab: true) == "@value"))
                {
                    throw new JsonLdException("invalid @nest value", "A @nest value must be a node object.");
                }

                // Steps 3 and 8 again with the nesting key as the active property: its scoped context applies. Nesting
                // counts towards the depth limit like any other level, so it cannot recurse deeper than the document may.
                ActiveContext nestContext = active.Term(nestKey) is { HasContext: true } nestDefinition
                    ? contexts.Process(active, nestDefinition.Context, nestDefinition.BaseUrl, overrideProtected: true)
                    : active;
                EnterLevel();
                try
                {
                    ExpandEntries(nestContext, typeScoped, nestKey, nestedMap, result, baseUrl, inputType);
                }
                finally
                {
                    _depth--;
                }
            }
        }
    }

    /// <summary>Step 13.4; returns true when <paramref name="key"/> is a nesting key to expand later.</summary>
    private bool ExpandKeyword(
        ActiveContext active, ActiveContext typeScoped, string? activeProperty, string key, string property, JsonNode? value, JsonObject result,
        string? baseUrl, string? inputType)
    {
        if (activeProperty == "@reverse")
        {
            throw new JsonLdException("invalid reverse property map", "A @reverse map cannot contain keywords.");
        }

        if (result.ContainsKey(property) && property is not ("@included" or "@type"))
        {
            throw new JsonLdException("colliding keywords", $"{property} appears more than once (through aliases).");
        }

        JsonNode? expanded;
        switch (property)
        {
            case "@id":
                if (value?.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid @id value", "@id must be a string.");
                }

                string? id = contexts.ExpandIri(active, value.GetValue<string>(), documentRelative: true);
                if (_compactedForm is not null)
                {
                    CompactedFormRules.CheckIdReference(value.GetValue<string>(), id, activeProperty);
                }

                expanded = id;

                break;
            case "@type":
                expanded = ExpandType(typeScoped, value);
                if (result.TryGetPropertyValue("@type", out JsonNode? existingTypes))
                {
                    JsonArray merged = AsArray(Detach(existingTypes));
                    AddValue(new JsonObject { ["t"] = merged }, "t", expanded);
                    expanded = Detach(merged);
                }

                break;
            case "@graph":
                expanded = AsArray(Expand(active, "@graph", value, baseUrl));
                break;
            case "@included":
                // "@included" as the active property keeps values and lists from being dropped, so they are refused below.
                expanded = AsArray(Expand(active, "@included", value, baseUrl));
                foreach (JsonNode? item in (JsonArray)expanded)
                {
                    if (item is not JsonObject node || node.ContainsKey("@value") || node.ContainsKey("@list") || node.ContainsKey("@set"))
                    {
                        throw new JsonLdException("invalid @included value", "@included must hold node objects.");
                    }
                }

                if (result.TryGetPropertyValue("@included", out JsonNode? existingIncluded))
                {
                    JsonArray merged = AsArray(Detach(existingIncluded));
                    MoveAll((JsonArray)expanded, merged);
                    expanded = merged;
                }

                break;
            case "@value":
                if (inputType == "@json")
                {
                    expanded = value?.DeepClone();
                }
                else if (value is null)
                {
                    result["@value"] = null;
                    return false;
                }
                else if (value is not JsonValue)
                {
                    throw new JsonLdException("invalid value object value", "@value must be a string, number, boolean or null.");
                }
                else
                {
                    expanded = value.DeepClone();
                }

                break;
            case "@language":
                if (value?.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid language-tagged string", "@language must be a string.");
                }

                expanded = value.GetValue<string>().ToLowerInvariant();
                break;
            case "@direction":
                if (value?.GetValueKind() != JsonValueKind.String || value.GetValue<string>() is not ("ltr" or "rtl"))
                {
                    throw new JsonLdException("invalid base direction", "@direction must be \"ltr\" or \"rtl\".");
                }

                expanded = value.GetValue<string>();
                break;
            case "@index":
                if (value?.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid @index value", "@index must be a string.");
                }

                expanded = value.GetValue<string>();
                break;
            case "@list":
                if (activeProperty is null or "@graph")
                {
                    return false;
                }

                expanded = AsArray(Expand(active, activeProperty, value, baseUrl));
                break;
            case "@set":
                expanded = Expand(active, activeProperty, value, baseUrl);
                break;
            case "@reverse":
                ExpandReverse(active, value, result, baseUrl);
                return false;
            case "@nest":
                return true;
            default:
                // @default, @embed, @explicit, ... belong to framing; @context was handled before.
                return false;
        }

        if (expanded is not null || property is "@value" or "@id")
        {
            result[property] = expanded;
        }

        return false;
    }

    private JsonNode ExpandType(ActiveContext typeScoped, JsonNode? value)
    {
        if (value?.GetValueKind() == JsonValueKind.String)
        {
            return ExpandTypeIri(typeScoped, value.GetValue<string>());
        }

        if (value is not JsonArray array || array.Any(t => t?.GetValueKind() != JsonValueKind.String))
        {
            throw new JsonLdException("invalid type value", "@type must be a string or an array of strings.");
        }

        var expanded = new JsonArray();
        foreach (JsonNode? type in array)
        {
            expanded.Add(ExpandTypeIri(typeScoped, type!.GetValue<string>()));
        }

        return expanded;
    }

    private JsonValue ExpandTypeIri(ActiveContext typeScoped, string type)
    {
        string? iri = contexts.ExpandIri(typeScoped, type, documentRelative: true, vocab: true);
        _compactedForm?.CheckType(typeScoped, type, iri);
        if ((_options.SafeMode || _options.RequireMappedTypes) && (iri is null || (!IriReference.IsAbsolute(iri) && !IriReference.IsBlankNode(iri) && !IriReference.IsKeyword(iri))))
        {
            throw new JsonLdException("invalid type value", $"The type \"{type}\" is not defined by the context.");
        }

        return JsonValue.Create(iri)!;
    }

    private void ExpandReverse(ActiveContext active, JsonNode? value, JsonObject result, string? baseUrl)
    {
        if (value is not JsonObject)
        {
            throw new JsonLdException("invalid @reverse value", "@reverse must be an object.");
        }

        var expanded = (JsonObject?)Expand(active, "@reverse", value, baseUrl) ?? [];
        if (expanded.TryGetPropertyValue("@reverse", out JsonNode? doubleReverse) && doubleReverse is JsonObject reversedBack)
        {
            foreach ((string property, JsonNode? items) in reversedBack.ToList())
            {
                AddValue(result, property, Detach(items));
            }
        }

        foreach ((string property, JsonNode? items) in expanded.ToList())
        {
            if (property == "@reverse")
            {
                continue;
            }

            if (!result.TryGetPropertyValue("@reverse", out JsonNode? reverseNode))
            {
                reverseNode = new JsonObject();
                result["@reverse"] = reverseNode;
            }

            foreach (JsonNode? item in TakeAll(Detach(items)))
            {
                if (item is JsonObject o && (o.ContainsKey("@value") || o.ContainsKey("@list")))
                {
                    throw new JsonLdException("invalid reverse property value", "A reverse property cannot hold values or lists.");
                }

                AddValue((JsonObject)reverseNode!, property, item);
            }
        }
    }
}
