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

    // The value of each alphabet character, indexed by its code (all below 128).
    private static readonly byte[] s_base58Values = Base58Values();

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

        // Invariant: SimpleBase is only handed alphabet characters, so it cannot throw.
        int bad = body.IndexOfAnyExcept(Base58BitcoinAlphabet);
        if (bad >= 0)
        {
            return Invalid($"character {bad + 1} is not in the base58btc alphabet");
        }

        return body.IsEmpty ? Array.Empty<byte>() : DecodeBase58Digits(body);
    }

    private static byte[] Base58Values()
    {
        byte[] values = new byte[128];
        for (int i = 0; i < Base58BitcoinAlphabet.Length; i++)
        {
            values[Base58BitcoinAlphabet[i]] = (byte)i;
        }

        return values;
    }

    /// <summary>
    /// Base58 to bytes over 32-bit limbs, five digits (58^5 &lt; 2^32) per multiply-add: a 64-byte signature costs about
    /// 18 chunk steps over at most 17 limbs instead of a multiply per digit per byte.
    /// </summary>
    /// <remarks>Invariant: <paramref name="digits"/> holds only alphabet characters (checked by the caller). Each leading
    /// '1' is one leading zero byte; the rest is the big-endian value with no leading zeros.</remarks>
    private static byte[] DecodeBase58Digits(ReadOnlySpan<char> digits)
    {
        int zeros = digits.IndexOfAnyExcept('1');
        if (zeros < 0)
        {
            return new byte[digits.Length];
        }

        ReadOnlySpan<char> rest = digits[zeros..];

        // log2(58) < 5.86 bits per digit.
        int maxLimbs = (int)(((long)rest.Length * 586 / 100 + 31) / 32) + 1;
        uint[]? rented = maxLimbs > 256 ? ArrayPool<uint>.Shared.Rent(maxLimbs) : null;
        Span<uint> limbs = rented is null ? stackalloc uint[maxLimbs] : rented.AsSpan(0, maxLimbs);
        int used = 0;
        for (int start = 0; start < rest.Length; start += 5)
        {
            int end = Math.Min(start + 5, rest.Length);
            uint multiplier = 1, chunk = 0;
            for (int i = start; i < end; i++)
            {
                multiplier *= 58;
                chunk = (chunk * 58) + s_base58Values[rest[i]];
            }

            ulong carry = chunk;
            for (int i = 0; i < used; i++)
            {
                ulong product = ((ulong)limbs[i] * multiplier) + carry;
                limbs[i] = unchecked((uint)product);
                carry = product >> 32;
            }

            if (carry != 0)
            {
                limbs[used++] = (uint)carry;
            }
        }

        int valueBytes = used == 0 ? 0 : ((used - 1) * 4) + ((32 - System.Numerics.BitOperations.LeadingZeroCount(limbs[used - 1]) + 7) / 8);
        byte[] result = new byte[zeros + valueBytes];
        for (int i = 0; i < valueBytes; i++)
        {
            result[^(i + 1)] = unchecked((byte)(limbs[i / 4] >> (8 * (i % 4))));
        }

        if (rented is not null)
        {
            ArrayPool<uint>.Shared.Return(rented);
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
