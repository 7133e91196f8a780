using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Server.Http;

/// <summary>Reads request members without trusting their JSON kind.</summary>
internal static class JsonText
{
    /// <summary>The string when <paramref name="node"/> is a JSON string; null for anything else, including absence.</summary>
    public static string? String(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
