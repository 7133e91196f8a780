// References:
//   multiformats/unsigned-varint (spec, 2021), https://github.com/multiformats/unsigned-varint
//   multiformats/multicodec table.csv, https://github.com/multiformats/multicodec/blob/master/table.csv
namespace Identity.Primitives;

/// <summary>
/// Prefixes data with a multicodec code, written as an unsigned varint, and splits such data again.
/// </summary>
/// <remarks>
/// The varint is little-endian base-128 with a continuation bit, at most 9 bytes (63 bits). Decoding enforces the
/// spec's minimal-encoding rule, so each code has exactly one byte representation.
/// <threadsafety>All members are static, pure and safe to call from any thread.</threadsafety>
/// </remarks>
public static class Multicodec
{
    /// <summary>Ed25519 public key (<c>ed25519-pub</c>).</summary>
    public const ulong Ed25519Pub = 0xed;

    /// <summary>X25519 public key (<c>x25519-pub</c>).</summary>
    public const ulong X25519Pub = 0xec;

    /// <summary>secp256k1 public key, SEC1 compressed (<c>secp256k1-pub</c>).</summary>
    public const ulong Secp256k1Pub = 0xe7;

    /// <summary>P-256 public key, SEC1 compressed (<c>p256-pub</c>).</summary>
    public const ulong P256Pub = 0x1200;

    /// <summary>P-384 public key, SEC1 compressed (<c>p384-pub</c>).</summary>
    public const ulong P384Pub = 0x1201;

    /// <summary>Ed25519 private key: the 32-byte seed (<c>ed25519-priv</c>).</summary>
    public const ulong Ed25519Priv = 0x1300;

    /// <summary>secp256k1 private key: the 32-byte big-endian scalar (<c>secp256k1-priv</c>).</summary>
    public const ulong Secp256k1Priv = 0x1301;

    /// <summary>P-256 private key: the 32-byte big-endian scalar (<c>p256-priv</c>).</summary>
    public const ulong P256Priv = 0x1306;

    /// <summary>P-384 private key: the 48-byte big-endian scalar (<c>p384-priv</c>).</summary>
    public const ulong P384Priv = 0x1307;

    /// <summary>The largest value an unsigned varint can carry (2^63 - 1).</summary>
    public const ulong MaxCode = long.MaxValue;

    private const int MaxVarintLength = 9;

    /// <summary>Returns the varint encoding of <paramref name="code"/> followed by <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> exceeds <see cref="MaxCode"/>.</exception>
    public static byte[] Prefix(ulong code, ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, MaxCode);
        Span<byte> header = stackalloc byte[MaxVarintLength];
        int headerLength = WriteVarint(code, header);
        byte[] result = new byte[headerLength + data.Length];
        header[..headerLength].CopyTo(result);
        data.CopyTo(result.AsSpan(headerLength));
        return result;
    }

    /// <summary>Reads the leading varint code of <paramref name="prefixed"/> and returns it with a copy of the rest.</summary>
    /// <returns>The code and the data after it, or <c>invalidMulticodec</c> when the varint is empty, truncated,
    /// longer than 9 bytes or not minimally encoded.</returns>
    public static Result<(ulong Code, byte[] Data)> Split(ReadOnlySpan<byte> prefixed)
    {
        if (!TryReadVarint(prefixed, out ulong code, out int length, out string? problem))
        {
            return new Error(ErrorCodes.InvalidMulticodec, $"Invalid multicodec prefix: {problem}.");
        }

        return (code, prefixed[length..].ToArray());
    }

    private static int WriteVarint(ulong value, Span<byte> destination)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)((value & 0x7f) | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> source, out ulong value, out int length, out string? problem)
    {
        value = 0;
        for (int i = 0; i < MaxVarintLength; i++)
        {
            if (i == source.Length)
            {
                break;
            }

            byte b = source[i];
            value |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;

                // A final zero group after the first byte adds nothing: a shorter spelling exists.
                if (i > 0 && b == 0)
                {
                    problem = "the varint is not minimally encoded";
                    return false;
                }

                problem = null;
                return true;
            }
        }

        length = 0;
        problem = source.Length >= MaxVarintLength
            ? "the varint is longer than 9 bytes"
            : "the varint is empty or truncated";
        return false;
    }
}
