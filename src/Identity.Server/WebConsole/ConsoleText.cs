using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

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
}
