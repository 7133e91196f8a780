using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Http;

namespace Identity.Server.WebConsole;

/// <summary>How the console writes instants and JSON documents.</summary>
internal static class ConsoleText
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Indented(JsonNode? node) => node?.ToJsonString(s_indented) ?? string.Empty;

    /// <summary>A stored document indented for reading; the stored text as it is when it is not JSON (a JOSE credential).</summary>
    public static string Indented(string document)
    {
        try
        {
            return Indented(JsonNode.Parse(document));
        }
        catch (JsonException)
        {
            return document;
        }
    }

    /// <summary>A pasted JSON document, read under the limits of a request body (size, depth, strict JSON), as the API reads one.</summary>
    public static Result<JsonObject> ParseDocument(string? text, ServerSettings settings) =>
        string.IsNullOrWhiteSpace(text) ? new Error(ErrorCodes.InvalidJson, "Paste a JSON document.")
        : Encoding.UTF8.GetByteCount(text) > settings.MaxRequestBytes ? new Error(ErrorCodes.PayloadTooLarge, $"The document is over {settings.MaxRequestBytes} bytes.")
        : JsonBody.Parse(Encoding.UTF8.GetBytes(text), settings.MaxJsonDepth);

    /// <summary>A stored credential's types after VerifiableCredential; a JOSE credential (not JSON) shows its family instead.</summary>
    public static IReadOnlyList<string> TypesOf(string document)
    {
        if (document.Length == 0)
        {
            return ["(erased)"]; // docs/privacy.md: an erased credential keeps only its status row.
        }

        try
        {
            return JsonNode.Parse(document)?["type"] is JsonArray types
                ? [.. types.Select(t => JsonText.String(t)).OfType<string>().Where(t => t != "VerifiableCredential")]
                : [];
        }
        catch (JsonException)
        {
            return ["SD-JWT / JOSE"];
        }
    }
}
