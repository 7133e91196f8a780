// References: W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §2.1 BitstringStatusListEntry
//   (statusSize, statusMessage, statusReference), https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>
/// Reads the <c>statusMessage</c> and <c>statusReference</c> members of a <c>BitstringStatusListEntry</c>, and builds
/// the message table this service issues for its two-bit <c>message</c> entries.
/// </summary>
/// <remarks>
/// §2.1: <c>statusMessage</c> MUST be present when <c>statusSize</c> is above 1 and MAY be present at 1; when present
/// it has exactly 2^<c>statusSize</c> elements (one per possible value), each with a <c>status</c> string (the value in
/// hexadecimal, prefixed <c>0x</c>) and a <c>message</c> string. Each value may appear once. <c>statusReference</c>, when
/// present, is a URL or an array of URLs. Anything else is <c>invalidStatusEntry</c> naming the member.
/// <threadsafety>Stateless.</threadsafety>
/// </remarks>
public static class StatusMessages
{
    private static readonly IReadOnlyDictionary<int, string> s_none = new Dictionary<int, string>();

    /// <summary>
    /// The messages of the two-bit <c>message</c> entry this service issues: the values of the IETF Token Status List
    /// status types (0x0 valid, 0x1 revoked, 0x2 suspended; 0x3 is unassigned, written <c>undefined</c> as §2.1 allows).
    /// </summary>
    public static JsonArray TokenStatusTypes() => new(
        Message(0, "valid"), Message(1, "revoked"), Message(2, "suspended"), Message(3, "undefined"));

    /// <summary>Where the values of <see cref="TokenStatusTypes"/> are defined (the Token Status List's status types).</summary>
    public const string TokenStatusTypesReference = "https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/";

    /// <summary>The messages by value, or <c>invalidStatusEntry</c>; validates <c>statusReference</c> as well.</summary>
    /// <param name="entry">The status entry.</param>
    /// <param name="size">Its <c>statusSize</c> (already checked: 1 to <see cref="StatusListEntry.MaxStatusSize"/>).</param>
    public static Result<IReadOnlyDictionary<int, string>> Read(JsonObject entry, int size)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (CheckReference(entry["statusReference"]) is { } referenceError)
        {
            return referenceError;
        }

        if (entry["statusMessage"] is not { } node)
        {
            return size == 1 ? Result<IReadOnlyDictionary<int, string>>.Success(s_none) : StatusListEntry.Invalid("statusMessage must be present when statusSize is greater than 1.");
        }

        int count = 1 << size;
        if (node is not JsonArray array || array.Count != count)
        {
            return StatusListEntry.Invalid(string.Create(CultureInfo.InvariantCulture,
                $"statusMessage must be an array of {count} elements, one per value of a {size}-bit status."));
        }

        var messages = new Dictionary<int, string>(count);
        foreach (JsonNode? element in array)
        {
            if (element is not JsonObject item || JsonValues.GetString(item["message"]) is not { } message
                || JsonValues.GetString(item["status"]) is not { } status || !TryParseStatus(status, count, out int value))
            {
                return StatusListEntry.Invalid("each statusMessage element needs a status (\"0x\" and hexadecimal digits, below 2^statusSize) and a message string.");
            }

            if (!messages.TryAdd(value, message))
            {
                return StatusListEntry.Invalid($"statusMessage lists the status {status} twice.");
            }
        }

        return messages;
    }

    private static JsonObject Message(int value, string message) => new()
    {
        ["status"] = "0x" + value.ToString("x", CultureInfo.InvariantCulture),
        ["message"] = message,
    };

    private static bool TryParseStatus(string text, int count, out int value)
    {
        value = 0;
        return text.Length is > 2 and <= 4 && text.StartsWith("0x", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && value < count;
    }

    private static Error? CheckReference(JsonNode? node) => node switch
    {
        null => null,
        JsonValue when Iri.IsAbsolute(JsonValues.GetString(node)) => null,
        JsonArray { Count: > 0 } urls when urls.All(u => Iri.IsAbsolute(JsonValues.GetString(u))) => null,
        _ => StatusListEntry.Invalid("statusReference must be a URL or a non-empty array of URLs."),
    };
}
