// References: RFC 9562 §5.8 (UUIDv8), https://www.rfc-editor.org/rfc/rfc9562
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Identity.Server.Monitoring;

/// <summary>
/// One alert a rule raised on a reading: <see cref="Value"/> is the reading's value restated in the rule's
/// <see cref="Unit"/>; <see cref="Raised"/> is when the service raised it (the list's <c>since</c> filters on it).
/// </summary>
internal sealed record Alert(
    string Id, string Patient, string Rule, string Code, decimal Value, string Unit, DateTimeOffset Effective,
    string ObservationId, string Device, DateTimeOffset Raised)
{
    /// <summary>The alert's id: a UUIDv8 over SHA-256 of tenant, observation, rule and code, so that one reading raises
    /// one rule's alert once, however often it is evaluated.</summary>
    public static string IdOf(string tenantId, string observationId, string ruleId, string code)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"identity/alert/v1\n{tenantId}\n{observationId}\n{ruleId}\n{code}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return "urn:uuid:" + new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>The alert as the stream and the list send it (and as it is sealed at rest).</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["patient"] = Patient,
        ["rule"] = Rule,
        ["code"] = Code,
        ["value"] = Value,
        ["unit"] = Unit,
        ["effective"] = Instant(Effective),
        ["observationId"] = ObservationId,
        ["device"] = Device,
        ["raised"] = Instant(Raised),
    };

    /// <summary>Reads an alert written by <see cref="ToJson()"/>; null when a member is missing.</summary>
    public static Alert? FromJson(JsonNode? node) =>
        node is JsonObject json
        && json["id"]?.GetValue<string>() is { } id && json["patient"]?.GetValue<string>() is { } patient
        && json["rule"]?.GetValue<string>() is { } rule && json["code"]?.GetValue<string>() is { } code
        && json["value"]?.GetValue<decimal>() is { } value && json["unit"]?.GetValue<string>() is { } unit
        && json["effective"]?.GetValue<string>() is { } effective && json["observationId"]?.GetValue<string>() is { } observation
        && json["device"]?.GetValue<string>() is { } device && json["raised"]?.GetValue<string>() is { } raised
            ? new Alert(id, patient, rule, code, value, unit, Parse(effective), observation, device, Parse(raised))
            : null;

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
