using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.HealthCards;

/// <summary>Reads typed values out of JSON nodes without throwing.</summary>
internal static class JsonValues
{
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Whole seconds of a NumericDate claim; null when absent, not a number or absurdly large.</summary>
    public static long? Seconds(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.TryGetValue(out long seconds) ? seconds
                : value.TryGetValue(out double d) && double.IsFinite(d) && Math.Abs(d) < 1e12 ? (long)Math.Floor(d) : null
            : null;

    /// <summary>Strict UTF-8 JSON (unique member names, bounded nesting) as an object, or null.</summary>
    public static JsonObject? Object(ReadOnlySpan<byte> utf8)
    {
        var parsed = StrictJson.Parse(utf8);
        return parsed.IsSuccess ? parsed.Value as JsonObject : null;
    }
}
