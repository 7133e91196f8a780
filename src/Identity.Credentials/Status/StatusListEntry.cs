// References: W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §2.1 BitstringStatusListEntry,
//   https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslistentry
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>A checked <c>BitstringStatusListEntry</c>: where its list is, which bit is the credential's, and what a set bit means.</summary>
/// <param name="ListUrl">The <c>statusListCredential</c> exactly as written (for messages; the cache key and the expected
/// list <c>id</c> are its canonical form).</param>
/// <param name="Uri">The same URL, parsed; https or http.</param>
/// <param name="Index">The <c>statusListIndex</c>; clamped to <see cref="int.MaxValue"/> + 1 when larger, which no list can hold.</param>
/// <param name="Purpose">The <c>statusPurpose</c>.</param>
internal sealed record StatusListEntry(string ListUrl, Uri Uri, long Index, string Purpose)
{
    private const long BeyondAnyList = int.MaxValue + 1L;

    /// <summary>Reads an entry; anything malformed is <c>invalidStatusEntry</c> naming the field.</summary>
    public static Result<StatusListEntry> Parse(JsonObject entry)
    {
        if (!JsonValues.Strings(entry["type"]).Contains(BitstringStatusListCredential.EntryType))
        {
            return Invalid($"type must be {BitstringStatusListCredential.EntryType}.");
        }

        if (JsonValues.GetString(entry["statusPurpose"]) is not { Length: > 0 } purpose)
        {
            return Invalid("statusPurpose must be a non-empty string.");
        }

        if (JsonValues.GetString(entry["statusListIndex"]) is not { } indexText || !TryParseIndex(indexText, out long index))
        {
            return Invalid("statusListIndex must be a base-10 string of a non-negative integer, such as \"94567\".");
        }

        string? url = JsonValues.GetString(entry["statusListCredential"]);
        if (!BitstringStatusListCredential.IsHttpUrl(url))
        {
            return Invalid("statusListCredential must be an absolute https or http URL.");
        }

        if (CheckStatusSize(entry["statusSize"]) is { } sizeError)
        {
            return sizeError;
        }

        return new StatusListEntry(url!, new Uri(url!, UriKind.Absolute), index, purpose);
    }

    // Digits only: no sign, no whitespace, no exponent or fraction. Leading zeros are still base 10, so they are read.
    private static bool TryParseIndex(string text, out long index)
    {
        index = 0;
        if (text.Length == 0 || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        ReadOnlySpan<char> digits = text.AsSpan().TrimStart('0');
        index = digits.Length > 10 ? BeyondAnyList : digits.IsEmpty ? 0 : long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        index = Math.Min(index, BeyondAnyList);
        return true;
    }

    // statusSize defaults to 1 (§2.1); multi-bit statuses (statusPurpose "message") are not implemented.
    private static Error? CheckStatusSize(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int size) && size >= 1)
        {
            return size == 1 ? null : Invalid($"statusSize {size} is not supported; only single-bit entries are.");
        }

        return Invalid("statusSize must be a positive integer.");
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidStatusEntry, $"credentialStatus: {detail}");
}
