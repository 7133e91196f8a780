// References: RFC 7515, JSON Web Signature (JWS), May 2015, §2 (Base64url Encoding) and Appendix C,
//   https://www.rfc-editor.org/rfc/rfc7515
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

/// <summary>Strict base64url and JSON decoding shared by the JWS, SD-JWT and Key Binding code.</summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
internal static class JoseEncoding
{
    /// <summary>
    /// Decodes unpadded base64url. Padding, whitespace, characters outside the alphabet and non-canonical trailing bits
    /// are refused, so each byte string has exactly one accepted encoding.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 == 1 || text.ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))
        {
            return false;
        }

        byte[] buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, buffer, out int consumed, out int written) != System.Buffers.OperationStatus.Done || consumed != text.Length)
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();

        // Invariant: re-encoding gives the input back, i.e. the unused low bits of the last character are zero.
        return Base64Url.EncodeToString(bytes).AsSpan().SequenceEqual(text);
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>
    /// Parses UTF-8 JSON with <see cref="StrictJson"/> (well-formed UTF-8, no lone surrogates, unique member names,
    /// nesting at most 64); null when it does not parse.
    /// </summary>
    public static JsonNode? TryParseJson(ReadOnlySpan<byte> utf8)
    {
        Result<JsonNode?> parsed = StrictJson.Parse(utf8);
        return parsed.IsSuccess ? parsed.Value : null;
    }

    /// <summary>The string value of a JSON node, or null when it is absent or not a string.</summary>
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>The integral number of seconds a NumericDate claim holds, or null when it is absent or not a number.</summary>
    public static long? NumericDate(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        return value.TryGetValue(out long seconds) ? seconds
            : value.TryGetValue(out double fractional) && double.IsFinite(fractional) && Math.Abs(fractional) < 1e12 ? (long)Math.Floor(fractional)
            : null;
    }
}
