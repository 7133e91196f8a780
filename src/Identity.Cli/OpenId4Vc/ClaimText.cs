using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Cli.OpenId4Vc;

/// <summary>A claim value as a person reads it: strings bare, anything else as compact JSON without \u escapes.</summary>
internal static class ClaimText
{
    private static readonly JsonSerializerOptions s_readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString(s_readable) ?? "null";
}
