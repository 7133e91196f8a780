// References:
//   RFC 8259, The JSON Data Interchange Format, §7 (string escapes) — https://www.rfc-editor.org/rfc/rfc8259
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, §3.2.3 (names compare unescaped) — https://www.rfc-editor.org/rfc/rfc8785

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;
using Identity.Primitives;

namespace Identity.Primitives.Canonicalization;

/// <summary>Reading raw JSON string text: escape sequences to Unicode scalar values, names to UTF-16 strings.</summary>
internal ref partial struct JcsWriter
{
    /// <summary>Unescapes a raw property name (no quotes) into a string, rejecting lone surrogates and bad UTF-8.</summary>
    private bool TryDecodeName(ReadOnlySpan<byte> raw, [NotNullWhen(true)] out string? name)
    {
        name = null;
        if (!Utf8.IsValid(raw))
        {
            return Fail(ErrorCodes.InvalidJson, "A property name is not valid UTF-8.");
        }

        if (raw.IndexOf((byte)'\\') < 0)
        {
            name = Encoding.UTF8.GetString(raw);
            return true;
        }

        // Unescaping never lengthens: one UTF-8 byte yields at most one UTF-16 unit, an escape of 6 or 12 bytes 1 or 2.
        char[] rented = ArrayPool<char>.Shared.Rent(raw.Length);
        try
        {
            int length = 0;
            while (!raw.IsEmpty)
            {
                int i = raw.IndexOf((byte)'\\');
                ReadOnlySpan<byte> run = i < 0 ? raw : raw[..i];
                length += Encoding.UTF8.GetChars(run, rented.AsSpan(length));
                if (i < 0)
                {
                    break;
                }

                int consumed = DecodeEscape(raw[i..], out int scalar);
                if (consumed == 0)
                {
                    return Fail(ErrorCodes.JcsUnrepresentable, LoneSurrogate);
                }

                length += new Rune(scalar).EncodeToUtf16(rented.AsSpan(length));
                raw = raw[(i + consumed)..];
            }

            name = new string(rented, 0, length);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes one escape sequence at the start of <paramref name="text"/> to a Unicode scalar value, joining a
    /// <c>\uD8xx\uDCxx</c> pair. Returns the bytes consumed, or 0 for a lone surrogate or a malformed escape.
    /// </summary>
    private static int DecodeEscape(ReadOnlySpan<byte> text, out int scalar)
    {
        scalar = text.Length < 2 ? -1 : text[1] switch
        {
            (byte)'"' => '"',
            (byte)'\\' => '\\',
            (byte)'/' => '/',
            (byte)'b' => '\b',
            (byte)'f' => '\f',
            (byte)'n' => '\n',
            (byte)'r' => '\r',
            (byte)'t' => '\t',
            _ => -1,
        };
        if (scalar >= 0)
        {
            return 2;
        }

        int unit = text.Length >= 6 && text[1] == (byte)'u' ? ParseHex4(text.Slice(2, 4)) : -1;
        if (unit < 0 || char.IsLowSurrogate((char)unit))
        {
            return 0;
        }

        if (!char.IsHighSurrogate((char)unit))
        {
            scalar = unit;
            return 6;
        }

        int low = text.Length >= 12 && text[6] == (byte)'\\' && text[7] == (byte)'u' ? ParseHex4(text.Slice(8, 4)) : -1;
        if (low < 0 || !char.IsLowSurrogate((char)low))
        {
            return 0;
        }

        scalar = char.ConvertToUtf32((char)unit, (char)low);
        return 12;
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        int value = 0;
        foreach (byte b in hex)
        {
            int digit = HexDigit(b);
            if (digit < 0)
            {
                return -1;
            }

            value = (value << 4) | digit;
        }

        return value;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
