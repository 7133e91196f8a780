// References:
//   The Multibase Data Format, draft-multiformats-multibase-08 (2023),
//   https://datatracker.ietf.org/doc/draft-multiformats-multibase/
//   RFC 4648, The Base16, Base32, and Base64 Data Encodings (2006), https://www.rfc-editor.org/rfc/rfc4648
using System.Buffers;
using System.Buffers.Text;
using SimpleBase;

namespace Identity.Primitives;

/// <summary>
/// Encodes and decodes multibase strings: one prefix character naming the encoding, then the encoded bytes.
/// </summary>
/// <remarks>
/// Decoding is strict: only the canonical form of each supported encoding is accepted (no padding or whitespace in
/// base64url, no uppercase digits in base16lower, no characters outside the Bitcoin alphabet in base58btc), so that a
/// decoded value re-encodes to exactly the input. Base58 decoding costs time quadratic in the input length; callers
/// that accept untrusted input of unbounded size should bound it first.
/// <threadsafety>All members are static, pure and safe to call from any thread.</threadsafety>
/// </remarks>
public static class Multibase
{
    private const string Base58BitcoinAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Returns the prefix character of <paramref name="encoding"/> (<c>z</c>, <c>u</c> or <c>f</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="encoding"/> is not a defined value.</exception>
    public static char GetPrefix(MultibaseEncoding encoding) => encoding switch
    {
        MultibaseEncoding.Base58Btc => 'z',
        MultibaseEncoding.Base64Url => 'u',
        MultibaseEncoding.Base16Lower => 'f',
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown multibase encoding."),
    };

    /// <summary>Encodes <paramref name="data"/> with <paramref name="encoding"/> and prepends its prefix.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="encoding"/> is not a defined value.</exception>
    public static string Encode(MultibaseEncoding encoding, ReadOnlySpan<byte> data)
    {
        char prefix = GetPrefix(encoding);
        string body = encoding switch
        {
            MultibaseEncoding.Base58Btc => Base58.Bitcoin.Encode(data),
            MultibaseEncoding.Base64Url => Base64Url.EncodeToString(data),
            _ => Convert.ToHexStringLower(data),
        };
        return string.Concat(new ReadOnlySpan<char>(in prefix), body);
    }

    /// <summary>Decodes a multibase string in any supported encoding.</summary>
    /// <returns>The decoded bytes, or <c>invalidMultibase</c> when <paramref name="value"/> is empty, has an
    /// unsupported prefix, or is not the canonical encoding of any byte string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static Result<byte[]> Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return Invalid("the value is empty");
        }

        ReadOnlySpan<char> body = value.AsSpan(1);
        return value[0] switch
        {
            'z' => DecodeBase58Btc(body),
            'u' => DecodeBase64Url(body),
            'f' => DecodeBase16Lower(body),
            _ => Invalid($"the prefix '{value[0]}' is not a supported multibase encoding"),
        };
    }

    /// <summary>Decodes a multibase string that must use <paramref name="expectedEncoding"/>.</summary>
    /// <returns>The decoded bytes, or <c>invalidMultibase</c> when the prefix differs or the body is invalid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedEncoding"/> is not a defined value.</exception>
    public static Result<byte[]> Decode(string value, MultibaseEncoding expectedEncoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        char prefix = GetPrefix(expectedEncoding);
        if (value.Length == 0 || value[0] != prefix)
        {
            return Invalid($"expected the '{prefix}' ({expectedEncoding}) prefix");
        }

        return Decode(value);
    }

    /// <summary>
    /// The longest base58btc body we decode. Base58 decoding is quadratic in the length, so an unbounded input
    /// from a DID document or a proof could pin a core; every real key, signature or hash is far shorter.
    /// </summary>
    public const int MaxBase58Length = 8192;

    /// <summary>Decodes raw base58btc (Bitcoin alphabet, no multibase prefix), e.g. a legacy <c>publicKeyBase58</c>.</summary>
    /// <returns>The bytes, or <c>invalidMultibase</c> for characters outside the alphabet or a body longer than <see cref="MaxBase58Length"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static Result<byte[]> DecodeBase58Btc(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return DecodeBase58Btc(value.AsSpan());
    }

    private static Result<byte[]> DecodeBase58Btc(ReadOnlySpan<char> body)
    {
        if (body.Length > MaxBase58Length)
        {
            return Invalid($"the base58btc body has {body.Length} characters; at most {MaxBase58Length} are accepted");
        }

        int bad = body.IndexOfAnyExcept(Base58BitcoinAlphabet);
        if (bad >= 0)
        {
            return Invalid($"character {bad + 1} is not in the base58btc alphabet");
        }

        return DecodeBase58Digits(body);
    }

    // Base58 to bytes, 32 bits at a time: each leading '1' is a zero byte; the rest is a big-endian base-58 number,
    // written as big-endian bytes without leading zeros. Invariant: body holds alphabet characters only.
    private static byte[] DecodeBase58Digits(ReadOnlySpan<char> body)
    {
        int zeros = 0;
        while (zeros < body.Length && body[zeros] == '1')
        {
            zeros++;
        }

        // 58^n < 2^(5.86 n): the number needs at most n·5.86/32 + 1 limbs.
        int limbCount = ((body.Length - zeros) * 586 / 3200) + 2;
        Span<uint> limbs = limbCount <= 128 ? stackalloc uint[limbCount] : new uint[limbCount];
        limbs.Clear();
        int used = 0;
        for (int i = zeros; i < body.Length; i++)
        {
            ulong carry = (ulong)Base58BitcoinAlphabet.IndexOf(body[i]);
            for (int j = 0; j < used; j++)
            {
                carry += (ulong)limbs[j] * 58;
                limbs[j] = unchecked((uint)carry);
                carry >>= 32;
            }

            if (carry != 0)
            {
                limbs[used++] = (uint)carry;
            }
        }

        int topBytes = used == 0 ? 0 : 4 - (System.Numerics.BitOperations.LeadingZeroCount(limbs[used - 1]) / 8);
        byte[] result = new byte[zeros + (used == 0 ? 0 : ((used - 1) * 4) + topBytes)];
        int at = result.Length;
        for (int j = 0; j < used; j++)
        {
            uint limb = limbs[j];
            for (int k = 0; k < 4 && at > zeros; k++)
            {
                result[--at] = unchecked((byte)limb);
                limb >>= 8;
            }
        }

        return result;
    }

    private static Result<byte[]> DecodeBase64Url(ReadOnlySpan<char> body)
    {
        foreach (char c in body)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return Invalid("base64url must use the URL-safe alphabet without padding or whitespace");
            }
        }

        if (body.Length % 4 == 1)
        {
            return Invalid("the base64url length is impossible");
        }

        // The status-returning overload reports non-zero unused bits in the last character (a second spelling of
        // the same bytes) as InvalidData instead of throwing.
        byte[] data = new byte[Base64Url.GetMaxDecodedLength(body.Length)];
        OperationStatus status = Base64Url.DecodeFromChars(body, data, out _, out int written);
        if (status != OperationStatus.Done || written != data.Length)
        {
            return Invalid("base64url has non-zero trailing bits");
        }

        return data;
    }

    private static Result<byte[]> DecodeBase16Lower(ReadOnlySpan<char> body)
    {
        if (body.Length % 2 != 0)
        {
            return Invalid("base16 must have an even number of digits");
        }

        foreach (char c in body)
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return Invalid("base16lower must use the digits 0-9 and a-f only");
            }
        }

        return Convert.FromHexString(body);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidMultibase, $"Invalid multibase: {detail}.");
}
