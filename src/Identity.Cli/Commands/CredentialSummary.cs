using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Cli.Commands;

/// <summary>The fields of a credential a person looks at: type, issuer, validity, status entries, subjects.</summary>
internal sealed record CredentialSummary(string Type, string Issuer, string Validity, string Status, IReadOnlyList<string> Subjects)
{
    public static CredentialSummary Of(JsonObject credential)
    {
        var types = credential["type"] switch
        {
            JsonArray a => a.Select(Text).OfType<string>().ToList(),
            var single => [Text(single) ?? "?"],
        };
        var type = string.Join(", ", types.Where(t => t != "VerifiableCredential").DefaultIfEmpty("VerifiableCredential"));
        var issuer = Text(credential["issuer"]) ?? Text((credential["issuer"] as JsonObject)?["id"]) ?? "?";
        var from = Text(credential["validFrom"]) ?? Text(credential["issuanceDate"]);
        var until = Text(credential["validUntil"]) ?? Text(credential["expirationDate"]);
        var validity = (from, until) switch
        {
            (null, null) => "always",
            (_, null) => $"from {from}",
            (null, _) => $"until {until}",
            _ => $"{from} to {until}",
        };
        var entries = credential["credentialStatus"] switch
        {
            JsonArray a => a.OfType<JsonObject>().ToList(),
            JsonObject o => [o],
            _ => [],
        };
        var status = entries.Count == 0 ? "none" : string.Join(", ", entries.Select(e => Text(e["statusPurpose"]) ?? "?"));
        var subjects = credential["credentialSubject"] switch
        {
            JsonArray a => a.OfType<JsonObject>().Select(s => Text(s["id"])).OfType<string>().ToList(),
            JsonObject o => Text(o["id"]) is { } id ? [id] : [],
            _ => [],
        };
        return new CredentialSummary(type, issuer, validity, status, subjects);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
