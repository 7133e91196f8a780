using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>The served OpenAPI document as the tests walk it: its operations and its component schemas.</summary>
public sealed class OpenApiSpec(JsonObject document)
{
    public JsonObject Document { get; } = document;

    public JsonObject Schemas => Document["components"]!["schemas"]!.AsObject();

    public static async Task<OpenApiSpec> LoadAsync(HttpClient client)
    {
        var response = (await client.GetJsonAsync("/openapi/v1.json")).AssertStatus(HttpStatusCode.OK);
        return new OpenApiSpec(response.Body!);
    }

    /// <summary>Every operation: its HTTP method (upper case), path template and operation object.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in Document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key.ToUpperInvariant(), path.Key, operation.Value!.AsObject());

    public JsonObject Operation(string method, string path) =>
        Document["paths"]![path]?[method.ToLowerInvariant()]?.AsObject() ?? throw new AssertFailedException($"No operation {method} {path}.");

    /// <summary>The schema a <c>$ref</c> names, or the schema itself.</summary>
    public JsonObject Resolve(JsonObject schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? Schemas[reference.Split('/')[^1]]?.AsObject() ?? throw new AssertFailedException($"Dangling {reference}.") : schema;

    /// <summary>
    /// Why <paramref name="schema"/> is not concrete, or null: every schema reached through properties, items and
    /// oneOf/anyOf/allOf has a type (or enum, const, a reference or a combination), every object lists its properties
    /// (or the schema of its additional ones) and every array its items. Open claim maps (additionalProperties left open
    /// beside listed properties) are allowed: a credential's claims are the issuer's.
    /// </summary>
    public string? WhyNotConcrete(JsonObject schema, string at, HashSet<string>? seen = null)
    {
        seen ??= [];
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return seen.Add(reference) ? WhyNotConcrete(Resolve(schema), reference, seen) : null;
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[combinator] is JsonArray choices)
            {
                return choices.Count == 0 ? $"{at}: empty {combinator}" : choices.Select((c, i) => WhyNotConcrete(c!.AsObject(), $"{at}/{combinator}[{i}]", seen)).FirstOrDefault(w => w is not null);
            }
        }

        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue one => [one.GetValue<string>()],
            _ => [],
        };
        if (types.Count == 0)
        {
            return schema.ContainsKey("enum") || schema.ContainsKey("const") ? null : $"{at}: no type ({schema.ToJsonString()})";
        }

        if (types.Contains("object"))
        {
            var properties = schema["properties"] as JsonObject;
            if (properties is not { Count: > 0 } && schema["additionalProperties"] is not JsonObject { Count: > 0 })
            {
                return $"{at}: an object without properties ({schema.ToJsonString()})";
            }

            foreach (var (name, property) in properties ?? [])
            {
                if (WhyNotConcrete(property!.AsObject(), $"{at}.{name}", seen) is { } why)
                {
                    return why;
                }
            }

            if (schema["additionalProperties"] is JsonObject { Count: > 0 } additional && WhyNotConcrete(additional, $"{at}{{*}}", seen) is { } whyMap)
            {
                return whyMap;
            }
        }

        if (types.Contains("array"))
        {
            return schema["items"] is JsonObject items ? WhyNotConcrete(items, $"{at}[]", seen) : $"{at}: an array without items";
        }

        return null;
    }
}
