using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.JsonLd.Tests;

/// <summary>The json-ld-api suite's comparison of expanded documents: arrays are unordered except under <c>@list</c>.</summary>
internal static class JsonLdComparer
{
    public static bool Equivalent(JsonNode? expected, JsonNode? actual, bool ordered = false)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonObject e when actual is JsonObject a:
                return e.Count == a.Count && e.All(p => a.TryGetPropertyValue(p.Key, out JsonNode? v) && Equivalent(p.Value, v, p.Key == "@list"));
            case JsonArray e when actual is JsonArray a:
                if (e.Count != a.Count)
                {
                    return false;
                }

                if (ordered)
                {
                    return e.Zip(a).All(pair => Equivalent(pair.First, pair.Second));
                }

                var remaining = a.ToList();
                foreach (JsonNode? item in e)
                {
                    int match = remaining.FindIndex(candidate => Equivalent(item, candidate));
                    if (match < 0)
                    {
                        return false;
                    }

                    remaining.RemoveAt(match);
                }

                return true;
            case JsonValue e when actual is JsonValue a:
                if (e.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
                {
                    return e.GetValue<double>() == a.GetValue<double>();
                }

                return JsonNode.DeepEquals(e, a);
            default:
                return false;
        }
    }
}
