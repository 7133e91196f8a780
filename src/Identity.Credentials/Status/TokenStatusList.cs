// References:
//   IETF draft-ietf-oauth-status-list (Token Status List), §4.1 Status List in JSON format (bits, lst), §7 Status Types
//     (0x00 VALID, 0x01 INVALID, 0x02 SUSPENDED) — https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
//   RFC 1950, ZLIB Compressed Data Format (Adler-32 trailer) — https://www.rfc-editor.org/rfc/rfc1950
//   RFC 4648 §5, base64url without padding — https://www.rfc-editor.org/rfc/rfc4648#section-5

using System.Buffers.Binary;
using System.Buffers.Text;
using System.IO.Compression;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>
/// A Token Status List: one status of <see cref="Bits"/> bits (1, 2, 4 or 8) per referenced token. Entry 0 occupies the
/// least significant bits of byte 0, entry 1 the next higher bits, and so on.
/// </summary>
/// <remarks>
/// <para><see cref="Encode"/> and <see cref="Decode"/> convert to and from the <c>lst</c> form: the base64url (no
/// padding) of the ZLIB-compressed byte array.</para>
/// <threadsafety>Immutable once built; safe to share between threads.</threadsafety>
/// </remarks>
public sealed class TokenStatusList
{
    /// <summary>Status type 0x00: the token is valid.</summary>
    public const byte Valid = 0x00;

    /// <summary>Status type 0x01: the token is revoked (irreversible).</summary>
    public const byte Invalid = 0x01;

    /// <summary>Status type 0x02: the token is suspended (reversible).</summary>
    public const byte Suspended = 0x02;

    /// <summary>The default cap on a decoded byte array: 2 MiB, 16,777,216 one-bit entries.</summary>
    public const int DefaultMaxBytes = 2 * 1024 * 1024;

    private const int ReadChunk = 64 * 1024;

    // Invariant: never exposed or mutated after construction; Length ≥ 1.
    private readonly byte[] _bytes;

    private TokenStatusList(int bits, byte[] bytes)
    {
        Bits = bits;
        _bytes = bytes;
    }

    /// <summary>Bits per status: 1, 2, 4 or 8.</summary>
    public int Bits { get; }

    /// <summary>The number of entries the byte array holds (its length × 8 / <see cref="Bits"/>).</summary>
    public int Count => (int)(_bytes.LongLength * 8 / Bits);

    /// <summary>The size of the uncompressed byte array.</summary>
    public int ByteLength => _bytes.Length;

    /// <summary>The status at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public byte this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            long bit = (long)index * Bits;
            int mask = (1 << Bits) - 1;
            return (byte)((_bytes[bit / 8] >> (int)(bit % 8)) & mask);
        }
    }

    /// <summary>True when <paramref name="bits"/> is 1, 2, 4 or 8.</summary>
    public static bool IsValidBits(int bits) => bits is 1 or 2 or 4 or 8;

    /// <summary>Creates a list of <paramref name="count"/> entries, all <see cref="Valid"/> but those in <paramref name="statuses"/>.</summary>
    /// <param name="bits">Bits per status: 1, 2, 4 or 8.</param>
    /// <param name="count">The number of entries; the byte array is rounded up to whole bytes.</param>
    /// <param name="statuses">Index and status pairs; a later pair for the same index wins.</param>
    /// <exception cref="ArgumentNullException"><paramref name="statuses"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 1, 2, 4 or 8, <paramref name="count"/>
    /// is not positive, an index is outside the list, or a status does not fit in <paramref name="bits"/>.</exception>
    public static TokenStatusList Create(int bits, int count, IEnumerable<KeyValuePair<int, byte>> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (!IsValidBits(bits))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "bits must be 1, 2, 4 or 8.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var bytes = new byte[checked((int)(((long)count * bits + 7) / 8))];
        int mask = (1 << bits) - 1;
        foreach (var (index, status) in statuses)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(statuses));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count, nameof(statuses));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(status, mask, nameof(statuses));
            long bit = (long)index * bits;
            int shift = (int)(bit % 8);
            ref byte target = ref bytes[bit / 8];
            target = (byte)((target & ~(mask << shift)) | (status << shift));
        }

        return new TokenStatusList(bits, bytes);
    }

    /// <summary>Wraps an uncompressed byte array (copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 1, 2, 4 or 8, or <paramref name="bytes"/> is empty.</exception>
    public static TokenStatusList FromBytes(int bits, ReadOnlySpan<byte> bytes)
    {
        if (!IsValidBits(bits))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "bits must be 1, 2, 4 or 8.");
        }

        ArgumentOutOfRangeException.ThrowIfZero(bytes.Length, nameof(bytes));
        return new TokenStatusList(bits, bytes.ToArray());
    }

    /// <summary>A copy of the uncompressed byte array.</summary>
    public byte[] ToBytes() => (byte[])_bytes.Clone();

    /// <summary>The <c>lst</c> value: base64url (no padding) of the ZLIB-compressed byte array.</summary>
    public string Encode()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(_bytes);
        }

        return Base64Url.EncodeToString(compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
    }

    /// <summary>Decodes a <c>status_list</c> object's <paramref name="bits"/> and <paramref name="lst"/>.</summary>
    /// <returns>The list, or <c>invalidStatusList</c>: bits not 1, 2, 4 or 8, <c>lst</c> not canonical base64url, not
    /// one complete ZLIB stream (bad header, checksum, truncated or trailing bytes), empty, or larger than
    /// <paramref name="maxBytes"/> once decompressed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lst"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is not positive.</exception>
    public static Result<TokenStatusList> Decode(int bits, string lst, int maxBytes = DefaultMaxBytes)
    {
        ArgumentNullException.ThrowIfNull(lst);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (!IsValidBits(bits))
        {
            return InvalidList($"status_list.bits must be 1, 2, 4 or 8, not {bits}.");
        }

        // ZLIB expands incompressible data by at most 5 bytes per 16 KiB stored block plus 6 bytes of header and
        // trailer (RFC 1950, RFC 1951 §3.2.4): a longer lst cannot inflate to maxBytes or less, so it is not decoded.
        long maxCompressed = maxBytes + ((maxBytes / 16_384L) + 1) * 5 + 6;
        if (lst.Length > ((maxCompressed + 2) / 3 * 4) + 16)
        {
            return InvalidList("status_list.lst is longer than any list under the size limit could be.");
        }

        byte[] compressed;
        try
        {
            compressed = Base64Url.DecodeFromChars(lst);
        }
        catch (FormatException)
        {
            return InvalidList("status_list.lst is not base64url.");
        }

        if (Base64Url.EncodeToString(compressed) != lst)
        {
            return InvalidList("status_list.lst is not canonical unpadded base64url.");
        }

        var inflated = Inflate(compressed, maxBytes);
        return inflated.IsSuccess ? new TokenStatusList(bits, inflated.Value) : inflated.Error!;
    }

    private static Result<byte[]> Inflate(byte[] compressed, int maxBytes)
    {
        // Invariant: the buffer never grows past maxBytes + 1, whatever the stream claims; the extra byte is how an
        // oversized list is detected without inflating the rest of it.
        int limit = maxBytes + 1;
        byte[] buffer = new byte[Math.Min(limit, ReadChunk)];
        int length = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(limit, 2L * buffer.Length));
                }

                int read = zlib.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            return InvalidList($"status_list.lst is not valid ZLIB data: {e.Message}");
        }

        if (length > maxBytes)
        {
            return InvalidList($"The decompressed status list exceeds the limit of {maxBytes} bytes.");
        }

        // ZLibStream reports a stream cut short as a plain end of data; the Adler-32 trailer (the last four bytes of
        // one complete stream, RFC 1950 §2.2) must be the checksum of what was inflated.
        if (compressed.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(compressed.AsSpan(^4)) != Adler32(buffer.AsSpan(0, length)))
        {
            return InvalidList("status_list.lst is not one complete ZLIB stream: it is truncated or has trailing bytes.");
        }

        return length == 0 ? InvalidList("The decompressed status list is empty.") : buffer.AsSpan(0, length).ToArray();
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // 5552 is the longest run whose sums cannot overflow 32 bits before the modulo (RFC 1950 §9).
            var run = data[..Math.Min(5552, data.Length)];
            foreach (byte value in run)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[run.Length..];
        }

        return (b << 16) | a;
    }

    private static Error InvalidList(string detail) => new(ErrorCodes.InvalidStatusList, detail);
}
