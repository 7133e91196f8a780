// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, §3.2.2.2 — https://www.rfc-editor.org/rfc/rfc8785
//   RFC 8259, The JSON Data Interchange Format, §7 (string escapes) — https://www.rfc-editor.org/rfc/rfc8259

using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Identity.Primitives;

namespace Identity.Primitives.Canonicalization;

/// <summary>String serialization: the exact escaping of RFC 8785 §3.2.2.2, from UTF-16 strings or from raw JSON text.</summary>
internal ref partial struct JcsWriter
{
    // The only characters RFC 8785 escapes: U+0000–U+001F, quotation mark and reverse solidus. Everything else,
    // including '/', DEL, U+2028/U+2029 and all non-ASCII, is written literally as UTF-8.
    private static readonly SearchValues<char> s_mustEscape = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\");

    // Transcoding slice: bounds each Ensure request while keeping a surrogate pair in one slice.
    private const int Utf16Slice = 2048;

    private const string LoneSurrogate = "A string contains a lone surrogate; RFC 8785 requires well-formed Unicode (I-JSON).";

    /// <summary>Writes a UTF-16 string, quoted and escaped.</summary>
    private bool WriteString(string value)
    {
        WriteByte((byte)'"');
        ReadOnlySpan<char> rest = value;
        while (true)
        {
            int i = rest.IndexOfAny(s_mustEscape);
            if (!WriteUtf16(i < 0 ? rest : rest[..i]))
            {
                return Fail(ErrorCodes.JcsUnrepresentable, LoneSurrogate);
            }

            if (i < 0)
            {
                return WriteByte((byte)'"');
            }

            WriteEscape(rest[i]);
            rest = rest[(i + 1)..];
        }
    }

    /// <summary>Writes the content of a raw JSON string token (quotes included), re-escaped canonically.</summary>
    private bool WriteRawString(ReadOnlySpan<byte> quoted)
    {
        ReadOnlySpan<byte> rest = quoted[1..^1];
        WriteByte((byte)'"');
        while (true)
        {
            int i = rest.IndexOf((byte)'\\');
            ReadOnlySpan<byte> run = i < 0 ? rest : rest[..i];

            // Invariant: a JSON string token holds no raw control character, quote or backslash, so an unescaped run
            // needs no escaping; System.Text.Json does not check its UTF-8, so that is checked here.
            if (!Utf8.IsValid(run))
            {
                return Fail(ErrorCodes.InvalidJson, "A string is not valid UTF-8.");
            }

            WriteRaw(run);
            if (i < 0)
            {
                return WriteByte((byte)'"');
            }

            int consumed = DecodeEscape(rest[i..], out int scalar);
            if (consumed == 0)
            {
                return Fail(ErrorCodes.JcsUnrepresentable, LoneSurrogate);
            }

            WriteScalar(scalar);
            rest = rest[(i + consumed)..];
        }
    }

    /// <summary>Transcodes UTF-16 text that needs no escaping; false on a lone surrogate.</summary>
    private bool WriteUtf16(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            int take = Math.Min(text.Length, Utf16Slice);
            if (take < text.Length && char.IsHighSurrogate(text[take - 1]))
            {
                take--;
            }

            Ensure(take * 3);
            OperationStatus status = Utf8.FromUtf16(text[..take], _span[_position..], out _, out int written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                return false;
            }

            _position += written;
            text = text[take..];
        }

        return true;
    }

    private bool WriteScalar(int scalar)
    {
        if (scalar < 0x80)
        {
            return s_mustEscape.Contains((char)scalar) ? WriteEscape((char)scalar) : WriteByte((byte)scalar);
        }

        Ensure(4);
        _position += new Rune(scalar).EncodeToUtf8(_span[_position..]);
        return true;
    }

    private bool WriteEscape(char c)
    {
        switch (c)
        {
            case '"': return WriteRaw("\\\""u8);
            case '\\': return WriteRaw("\\\\"u8);
            case '\b': return WriteRaw("\\b"u8);
            case '\f': return WriteRaw("\\f"u8);
            case '\n': return WriteRaw("\\n"u8);
            case '\r': return WriteRaw("\\r"u8);
            case '\t': return WriteRaw("\\t"u8);
        }

        Ensure(6);
        Span<byte> escape = _span.Slice(_position, 6);
        "\\u00"u8.CopyTo(escape);
        escape[4] = (byte)"0123456789abcdef"[c >> 4];
        escape[5] = (byte)"0123456789abcdef"[c & 0xF];
        _position += 6;
        return true;
    }
}
