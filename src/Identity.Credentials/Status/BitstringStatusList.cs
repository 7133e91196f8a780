// References:
//   W3C Bitstring Status List v1.0, W3C Recommendation 15 May 2025, §2.2 BitstringStatusListCredential (encodedList),
//     §3.3 Bitstring Generation Algorithm, §3.4 Bitstring Expansion Algorithm, §7.1 Bitstring Encoding
//     — https://www.w3.org/TR/vc-bitstring-status-list/
//   RFC 1952, GZIP file format specification version 4.3 — https://www.rfc-editor.org/rfc/rfc1952
//   RFC 4648 §5, base64url without padding — https://www.rfc-editor.org/rfc/rfc4648#section-5

using System.Buffers.Binary;
using System.IO.Compression;
using Identity.Primitives;

namespace Identity.Credentials.Status;

/// <summary>
/// A bitstring of credential statuses, one bit per <c>statusListIndex</c>: index 0 is the most significant bit of the
/// first byte, index <see cref="Size"/> − 1 the least significant bit of the last.
/// </summary>
/// <remarks>
/// <para><see cref="Encode"/> and <see cref="Decode"/> convert to and from the <c>encodedList</c> form: the multibase
/// base64url (prefix <c>u</c>, no padding) of the GZIP-compressed bitstring.</para>
/// <para>The specification's minimum of <see cref="MinimumSize"/> entries gives holders herd privacy. Issuers should
/// publish lists at least that long; decoding accepts shorter lists, since refusing them would only hide a revocation.</para>
/// <threadsafety>Immutable once built; safe to share between threads.</threadsafety>
/// </remarks>
public sealed class BitstringStatusList
{
    /// <summary>The specification's minimum list length, 131,072 entries (16 KiB uncompressed).</summary>
    public const int MinimumSize = 131_072;

    /// <summary>The default cap on a decoded list: 16 MiB uncompressed, 134,217,728 entries.</summary>
    public const int DefaultMaxSizeBits = 16 * 1024 * 1024 * 8;

    private const int ReadChunk = 64 * 1024;
    private const int XflOffset = 8;
    private const int OsOffset = 9;
    private const byte OsUnix = 3;
    private const int TrailerLength = 8;

    // Invariant: never exposed or mutated after construction; Length ≥ 1.
    private readonly byte[] _bytes;

    private BitstringStatusList(byte[] bytes) => _bytes = bytes;

    /// <summary>The number of entries (bits); always a positive multiple of 8.</summary>
    public int Size => _bytes.Length * 8;

    /// <summary>Whether the bit at <paramref name="index"/> is set.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Size"/>.</exception>
    public bool this[int index] => Get(index);

    /// <summary>Creates a list of <paramref name="size"/> entries with exactly the bits in <paramref name="setIndexes"/> set.</summary>
    /// <param name="size">The number of entries: at least 8 and a multiple of 8, since the bitstring is whole bytes.</param>
    /// <param name="setIndexes">The indexes whose bit is set; duplicates are allowed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="setIndexes"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is below 8 or not a multiple of 8, or an
    /// index is negative or not less than <paramref name="size"/>.</exception>
    public static BitstringStatusList Create(int size, IEnumerable<int> setIndexes)
    {
        ArgumentNullException.ThrowIfNull(setIndexes);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        if (size % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The size must be a multiple of 8.");
        }

        var bytes = new byte[size / 8];
        foreach (int index in setIndexes)
        {
            if (index < 0 || index >= size)
            {
                throw new ArgumentOutOfRangeException(nameof(setIndexes), index, $"Every index must be in [0, {size}).");
            }

            bytes[index >> 3] |= Mask(index);
        }

        return new BitstringStatusList(bytes);
    }

    /// <summary>Whether the bit at <paramref name="index"/> is set.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Size"/>.</exception>
    public bool Get(int index)
    {
        if (index < 0 || index >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The index must be in [0, {Size}).");
        }

        return (_bytes[index >> 3] & Mask(index)) != 0;
    }

    /// <summary>The indexes whose bit is set, in ascending order.</summary>
    public IEnumerable<int> SetIndexes()
    {
        for (int i = 0; i < _bytes.Length; i++)
        {
            if (_bytes[i] == 0)
            {
                continue;
            }

            for (int bit = 0; bit < 8; bit++)
            {
                if ((_bytes[i] & (0x80 >> bit)) != 0)
                {
                    yield return (i * 8) + bit;
                }
            }
        }
    }

    /// <summary>The <c>encodedList</c> value: <c>u</c> followed by the base64url (no padding) of the GZIP-compressed bitstring.</summary>
    /// <remarks>
    /// Deterministic: the GZIP header is always <c>1f 8b 08 00 00000000 00 03</c> (no name, no time, XFL 0, OS Unix),
    /// so a list encodes to the same string on every platform. For the empty 131,072-entry list this is exactly the
    /// <c>encodedList</c> of the specification's Example 3.
    /// </remarks>
    public string Encode()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(_bytes);
        }

        Span<byte> output = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);

        // RFC 1952 §2.3.1: XFL and OS are informational; zlib writes them per level and platform.
        output[XflOffset] = 0;
        output[OsOffset] = OsUnix;
        return Multibase.Encode(MultibaseEncoding.Base64Url, output);
    }

    /// <summary>Decodes an <c>encodedList</c> value (§3.4 Bitstring Expansion Algorithm).</summary>
    /// <param name="encodedList">The multibase base64url of a GZIP-compressed bitstring.</param>
    /// <param name="maxSizeBits">The largest list accepted, in bits; decompression stops as soon as the output would
    /// exceed it, so a small payload that inflates enormously (a gzip bomb) costs memory bounded by the cap, never by
    /// what the stream claims.</param>
    /// <returns>The list, or <c>invalidStatusList</c> when the prefix is not <c>u</c>, the body is not canonical
    /// base64url, the bytes are not one complete GZIP member (a bad header or checksum, truncated, trailing bytes, or
    /// several members), or the bitstring is empty; <c>statusListTooLarge</c> when it is larger than <paramref name="maxSizeBits"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encodedList"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSizeBits"/> is below 8.</exception>
    public static Result<BitstringStatusList> Decode(string encodedList, int maxSizeBits = DefaultMaxSizeBits)
    {
        ArgumentNullException.ThrowIfNull(encodedList);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSizeBits, 8);
        if (encodedList.Length == 0 || encodedList[0] != 'u')
        {
            return Invalid("encodedList must start with the multibase prefix 'u' (base64url).");
        }

        Result<byte[]> compressed = Multibase.Decode(encodedList, MultibaseEncoding.Base64Url);
        if (!compressed.IsSuccess)
        {
            return Invalid($"encodedList is not valid base64url ({compressed.Error.Detail})");
        }

        return Inflate(compressed.Value, maxSizeBits / 8);
    }

    private static Result<BitstringStatusList> Inflate(byte[] compressed, int maxBytes)
    {
        // Invariant: the buffer never grows past maxBytes + 1, whatever the GZIP stream claims; the extra byte is how
        // an oversized list is detected without inflating the rest of it.
        int limit = maxBytes + 1;
        byte[] buffer = new byte[Math.Min(limit, ReadChunk)];
        int length = 0;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed, writable: false), CompressionMode.Decompress);
            while (length < limit)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(limit, 2L * buffer.Length));
                }

                int read = gzip.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (InvalidDataException e)
        {
            return Invalid($"encodedList is not valid GZIP data: {e.Message}");
        }

        if (length > maxBytes)
        {
            return new Error(ErrorCodes.StatusListTooLarge, $"The decompressed status list exceeds the limit of {maxBytes * 8L} bits.");
        }

        // zlib checks CRC-32 and ISIZE when it reaches the trailer, but GZipStream reports a stream cut short as a
        // plain end of data. ISIZE, the last four bytes of a single member, must be the length we inflated.
        if (compressed.Length < TrailerLength || BinaryPrimitives.ReadUInt32LittleEndian(compressed.AsSpan(^4)) != (uint)length)
        {
            return Invalid("encodedList is not one complete GZIP member: it is truncated, has trailing bytes, or has several members.");
        }

        return length == 0
            ? Invalid("The decompressed status list is empty.")
            : new BitstringStatusList(buffer.AsSpan(0, length).ToArray());
    }

    // Index 0 is the left-most (most significant) bit of byte 0 (§2.2, §7.1).
    private static byte Mask(int index) => (byte)(0x80 >> (index & 7));

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidStatusList, detail);
}
