// References: SMART Health Cards Framework v1.4.0 §"Health Cards as QR Codes", §"Chunking Larger SHCs", §"Encoding QRs",
//   https://spec.smarthealth.cards/#health-cards-as-qr-codes
using System.Globalization;
using System.Text;
using Identity.Primitives;

namespace Identity.HealthCards.HealthCards;

/// <summary>
/// The <c>shc:/</c> numeric encoding of a compact JWS: each character as two digits (<c>ord(c) - 45</c>), in one QR
/// when the JWS has at most <see cref="SingleQrMaxLength"/> characters, else in balanced chunks <c>shc:/C/N/…</c> of at
/// most <see cref="ChunkMaxLength"/> JWS characters each.
/// </summary>
/// <remarks><threadsafety>Stateless and thread-safe.</threadsafety></remarks>
public static class QrChunks
{
    public const string Prefix = "shc:/";
    public const int SingleQrMaxLength = 1195;
    public const int ChunkMaxLength = 1191;

    /// <summary>The most chunks a card may be split into here (the spec sets no number; 20 V22 codes is already impractical).</summary>
    public const int MaxChunks = 20;

    public static IReadOnlyList<string> Encode(string jws)
    {
        ArgumentNullException.ThrowIfNull(jws);
        if (jws.Length <= SingleQrMaxLength)
        {
            return [Prefix + Digits(jws)];
        }

        int count = (jws.Length + ChunkMaxLength - 1) / ChunkMaxLength;
        int size = (jws.Length + count - 1) / count;
        var chunks = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var part = jws.AsSpan(i * size, Math.Min(size, jws.Length - (i * size)));
            chunks.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{i + 1}/{count}/{Digits(part)}"));
        }

        return chunks;
    }

    /// <summary>Reassembles a JWS from one <c>shc:/</c> string or from every chunk of a set, in any order.</summary>
    /// <returns>The JWS, or <c>invalidQrChunk</c> naming what is wrong (prefix, header, count, a missing or repeated chunk, digits).</returns>
    public static Result<string> Decode(IReadOnlyList<string> qrs, int maxJwsLength)
    {
        if (qrs.Count is 0 || qrs.Count > MaxChunks)
        {
            return Invalid($"Send 1 to {MaxChunks} shc:/ strings.");
        }

        if (qrs.Count == 1 && qrs[0].StartsWith(Prefix, StringComparison.Ordinal) && !qrs[0].AsSpan(Prefix.Length).Contains('/'))
        {
            return FromDigits(qrs[0].AsSpan(Prefix.Length), maxJwsLength);
        }

        var parts = new string?[qrs.Count];
        foreach (var qr in qrs)
        {
            if (!qr.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return Invalid("Each QR text must start with \"shc:/\".");
            }

            var rest = qr.AsSpan(Prefix.Length);
            int first = rest.IndexOf('/');
            int second = first < 0 ? -1 : rest[(first + 1)..].IndexOf('/') + first + 1;
            if (first <= 0 || second <= first + 1
                || !int.TryParse(rest[..first], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || !int.TryParse(rest[(first + 1)..second], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            {
                return Invalid("A chunk's header must be shc:/C/N/ with decimal C and N.");
            }

            if (count != qrs.Count)
            {
                return Invalid($"A chunk says the card has {count} chunks, but {qrs.Count} were sent; send all of them, once each.");
            }

            if (index < 1 || index > count)
            {
                return Invalid($"Chunk number {index} is outside 1..{count}.");
            }

            if (parts[index - 1] is not null)
            {
                return Invalid($"Chunk {index} was sent twice.");
            }

            var text = FromDigits(rest[(second + 1)..], maxJwsLength);
            if (!text.IsSuccess)
            {
                return text;
            }

            parts[index - 1] = text.Value;
        }

        var jws = string.Concat(parts);
        return jws.Length > maxJwsLength ? TooLong(maxJwsLength) : jws;
    }

    private static string Digits(ReadOnlySpan<char> jws)
    {
        var digits = new StringBuilder(jws.Length * 2);
        foreach (char c in jws)
        {
            int value = c - 45;
            digits.Append((char)('0' + (value / 10))).Append((char)('0' + (value % 10)));
        }

        return digits.ToString();
    }

    private static Result<string> FromDigits(ReadOnlySpan<char> digits, int maxJwsLength)
    {
        if (digits.Length == 0 || digits.Length % 2 != 0)
        {
            return Invalid("The numeric part must be a non-empty, even number of digits.");
        }

        if (digits.Length / 2 > maxJwsLength)
        {
            return TooLong(maxJwsLength);
        }

        var text = new StringBuilder(digits.Length / 2);
        for (int i = 0; i < digits.Length; i += 2)
        {
            if (!char.IsAsciiDigit(digits[i]) || !char.IsAsciiDigit(digits[i + 1]))
            {
                return Invalid("The numeric part may hold only the digits 0-9.");
            }

            int value = ((digits[i] - '0') * 10) + (digits[i + 1] - '0');

            // Compact JWS characters are base64url or '.', all within '-' (45) .. 'z' (122).
            if (value > 77)
            {
                return Invalid($"The digit pair {value} encodes no JWS character (the largest is 77, 'z').");
            }

            text.Append((char)(value + 45));
        }

        return text.ToString();
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidQrChunk, detail);

    private static Error TooLong(int max) => new(ErrorCodes.TokenTooLarge, $"The QR content decodes to more than {max} JWS characters.");
}
