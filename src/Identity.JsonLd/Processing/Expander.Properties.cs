// References:
//   JSON-LD 1.1 Processing Algorithms and API, §5.1.2 Expansion Algorithm, steps 13.5-13.14 (containers)
//   — https://www.w3.org/TR/json-ld11-api/#algorithm-3

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

internal sealed partial class Expander
{
    private void ExpandProperty(ActiveContext active, string key, string property, JsonNode? value, JsonObject result, string? baseUrl)
    {
        TermDefinition? definition = active.Term(key);
        JsonNode? expanded;
        if (definition?.Type == "@json")
        {
            // Step 13.6.
            expanded = new JsonObject { ["@value"] = value?.DeepClone(), ["@type"] = "@json" };
        }
        else if (definition is not null && definition.HasContainer("@language") && value is JsonObject languageMap)
        {
            expanded = ExpandLanguageMap(active, definition, languageMap);
        }
        else if (definition is not null && (definition.HasContainer("@index") || definition.HasContainer("@type") || definition.HasContainer("@id"))
            && value is JsonObject indexMap)
        {
            expanded = ExpandIndexMap(active, key, definition, indexMap, baseUrl);
        }
        else
        {
            expanded = Expand(active, key, value, baseUrl);
        }

        // Step 13.10.
        if (expanded is null)
        {
            return;
        }

        // Step 13.11.
        if (definition is not null && definition.HasContainer("@list") && !(expanded is JsonObject list && list.ContainsKey("@list")))
        {
            expanded = new JsonObject { ["@list"] = AsArray(expanded) };
        }

        // Step 13.12: graph containers wrap each value in a graph object.
        if (definition is not null && definition.HasContainer("@graph") && !definition.HasContainer("@id") && !definition.HasContainer("@index"))
        {
            var graphs = new JsonArray();
            foreach (JsonNode? item in TakeAll(expanded))
            {
                graphs.Add(new JsonObject { ["@graph"] = AsArray(item) });
            }

            expanded = graphs;
        }

        // Steps 13.13-13.14.
        if (definition is { Reverse: true })
        {
            if (!result.TryGetPropertyValue("@reverse", out JsonNode? reverseNode))
            {
                reverseNode = new JsonObject();
                result["@reverse"] = reverseNode;
            }

            foreach (JsonNode? item in TakeAll(expanded))
            {
                if (item is JsonObject o && (o.ContainsKey("@value") || o.ContainsKey("@list")))
                {
                    throw new JsonLdException("invalid reverse property value", "A reverse property cannot hold values or lists.");
                }

                AddValue((JsonObject)reverseNode!, property, item);
            }
        }
        else
        {
            AddValue(result, property, expanded);
        }
    }

    private JsonArray ExpandLanguageMap(ActiveContext active, TermDefinition definition, JsonObject languageMap)
    {
        var expanded = new JsonArray();
        string? direction = definition.HasDirection ? definition.Direction : active.DefaultDirection;
        foreach ((string language, JsonNode? languageValue) in languageMap.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (JsonNode? item in languageValue is JsonArray items ? items : (IEnumerable<JsonNode?>)new JsonNode?[] { languageValue })
            {
                if (item is null)
                {
                    continue;
                }

                if (item.GetValueKind() != JsonValueKind.String)
                {
                    throw new JsonLdException("invalid language map value", "Language map values must be strings.");
                }

                var valueObject = new JsonObject { ["@value"] = item.GetValue<string>() };
                if (language != "@none" && contexts.ExpandIri(active, language, vocab: true) != "@none")
                {
                    valueObject["@language"] = language.ToLowerInvariant();
                }

                if (direction is not null)
                {
                    valueObject["@direction"] = direction;
                }

                expanded.Add(valueObject);
            }
        }

        return expanded;
    }

    private JsonArray ExpandIndexMap(ActiveContext active, string key, TermDefinition definition, JsonObject indexMap, string? baseUrl)
    {
        var expanded = new JsonArray();
        string indexKey = definition.Index ?? "@index";
        bool idOrType = definition.HasContainer("@id") || definition.HasContainer("@type");
        foreach ((string index, JsonNode? indexValue) in indexMap.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Step 13.8.3.1-3.
            ActiveContext mapContext = idOrType ? active.PreviousContext ?? active : active;
            if (definition.HasContainer("@type") && mapContext.Term(index) is { HasContext: true } typeDefinition)
            {
                mapContext = contexts.Process(mapContext, typeDefinition.Context, typeDefinition.BaseUrl);
            }

            string? expandedIndex = contexts.ExpandIri(active, index, vocab: true);
            JsonNode? items = Expand(mapContext, key, indexValue is JsonArray ? indexValue : new JsonArray(indexValue?.DeepClone()), baseUrl, fromMap: true);
            foreach (JsonNode? itemNode in TakeAll(items))
            {
                JsonNode? item = itemNode;
                if (definition.HasContainer("@graph") && !(item is JsonObject g && g.ContainsKey("@graph")))
                {
                    item = new JsonObject { ["@graph"] = AsArray(item) };
                }

                var node = item as JsonObject;
                if (definition.HasContainer("@index") && indexKey != "@index" && expandedIndex != "@none")
                {
                    // Step 13.8.3.7.2: property-valued indexes.
                    JsonObject reExpanded = ExpandValue(active, indexKey, JsonValue.Create(index)!);
                    string? expandedIndexKey = contexts.ExpandIri(active, indexKey, vocab: true);
                    if (node is null || node.ContainsKey("@value"))
                    {
                        throw new JsonLdException("invalid value object", "A property-valued index cannot index a value object.");
                    }

                    var values = new JsonArray(reExpanded);
                    if (node.TryGetPropertyValue(expandedIndexKey!, out JsonNode? existing))
                    {
                        MoveAll(AsArray(Detach(existing)), values);
                    }

                    node[expandedIndexKey!] = values;
                }
                else if (definition.HasContainer("@index") && node is not null && !node.ContainsKey("@index") && expandedIndex != "@none")
                {
                    node["@index"] = index;
                }
                else if (definition.HasContainer("@id") && node is not null && !node.ContainsKey("@id") && expandedIndex != "@none")
                {
                    node["@id"] = contexts.ExpandIri(active, index, documentRelative: true);
                }
                else if (definition.HasContainer("@type") && node is not null && expandedIndex != "@none")
                {
                    var types = new JsonArray(expandedIndex);
                    if (node.TryGetPropertyValue("@type", out JsonNode? existingTypes))
                    {
                        MoveAll(AsArray(Detach(existingTypes)), types);
                    }

                    node["@type"] = types;
                }

                expanded.Add(item);
            }
        }

        return expanded;
    }
}
