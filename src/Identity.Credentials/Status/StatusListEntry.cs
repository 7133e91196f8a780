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
/// <param name="Size">The <c>statusSize</c>: bits per status, 1 (the default) to <see cref="MaxStatusSize"/>.</param>
/// <param name="Messages">The <c>statusMessage</c> texts by status value; empty when the entry has none (1 bit only).</param>
public sealed record StatusListEntry(string ListUrl, Uri Uri, long Index, string Purpose, int Size, IReadOnlyDictionary<int, string> Messages)
{
    /// <summary>The largest <c>statusSize</c> read: 8 bits, 256 messages. §2.1 sets no bound; a larger entry is refused.</summary>
    public const int MaxStatusSize = 8;

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

        Result<int> size = ReadStatusSize(entry["statusSize"]);
        if (!size.IsSuccess)
        {
            return size.Error;
        }

        Result<IReadOnlyDictionary<int, string>> messages = StatusMessages.Read(entry, size.Value);
        if (!messages.IsSuccess)
        {
            return messages.Error;
        }

        return new StatusListEntry(url!, new Uri(url!, UriKind.Absolute), index, purpose, size.Value, messages.Value);
    }

    /// <summary>The first bit of this entry's status in its list, and the bit after its last (§3.2: index × size).</summary>
    public (long First, long End) BitRange => (Index * Size, (Index * Size) + Size);

    /// <summary>
    /// What a status <paramref name="value"/> read from the list means (§3.2): 0 is valid (null); otherwise
    /// <c>credentialRevoked</c> or <c>credentialSuspended</c> for a one-bit entry of those purposes, else
    /// <c>credentialStatusFlagged</c> naming the value and its <c>statusMessage</c>.
    /// </summary>
    public Error? Outcome(int value)
    {
        if (value == 0)
        {
            return null;
        }

        string where = string.Create(CultureInfo.InvariantCulture, $"index {Index} of {ListUrl}");
        if (Size == 1 && Purpose == BitstringStatusListCredential.RevocationPurpose)
        {
            return new Error(ErrorCodes.CredentialRevoked, $"The credential is revoked ({where}).");
        }

        if (Size == 1 && Purpose == BitstringStatusListCredential.SuspensionPurpose)
        {
            return new Error(ErrorCodes.CredentialSuspended, $"The credential is suspended ({where}).");
        }

        string message = Messages.TryGetValue(value, out string? text) ? $" ({text})" : string.Empty;
        return new Error(ErrorCodes.CredentialStatusFlagged,
            string.Create(CultureInfo.InvariantCulture, $"The credential's '{Purpose}' status is 0x{value:x}{message} ({where})."));
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

    // statusSize defaults to 1 (§2.1); it must be a positive integer, and this verifier reads at most MaxStatusSize bits.
    private static Result<int> ReadStatusSize(JsonNode? node)
    {
        if (node is null)
        {
            return 1;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out int size) && size >= 1)
        {
            return size <= MaxStatusSize ? size : Invalid($"statusSize {size} is larger than the {MaxStatusSize} bits this verifier reads.");
        }

        return Invalid("statusSize must be a positive integer.");
    }

    internal static Error Invalid(string detail) => new(ErrorCodes.InvalidStatusEntry, $"credentialStatus: {detail}");
}
