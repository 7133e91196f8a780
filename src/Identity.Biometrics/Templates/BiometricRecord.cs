using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Identity.Primitives;

namespace Identity.Biometrics.Templates;

/// <summary>
/// A stored, renewable biometric reference (ISO/IEC 24745 pseudonymous identifier + auxiliary data): the scheme and
/// its version, the salt, the helper data, the Argon2id parameters and the Argon2id tag. It never contains a template
/// or the key bound to it; the pepper that keys the secret transform is held elsewhere.
/// </summary>
/// <remarks>
/// Helper data and tag permit an offline search of candidate templates, so keep records with the issuer (never in a
/// credential). <see cref="ToString"/> prints only the scheme, version and parameters.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record BiometricRecord
{
    /// <summary>The scheme identifier, e.g. <c>fcs-bch2047-67-argon2id-v1</c>.</summary>
    public required string SchemeId { get; init; }

    /// <summary>The record format version within the scheme.</summary>
    public required int Version { get; init; }

    /// <summary>The per-record random salt (16 bytes): it keys the secret transform and salts Argon2id.</summary>
    public required ImmutableArray<byte> Salt { get; init; }

    /// <summary>The helper data: codeword ⊕ transformed template, packed least-significant bit first.</summary>
    public required ImmutableArray<byte> Helper { get; init; }

    /// <summary>Argon2id passes (t).</summary>
    public required long OpsLimit { get; init; }

    /// <summary>Argon2id memory in bytes.</summary>
    public required long MemLimitBytes { get; init; }

    /// <summary>Argon2id(key ‖ subject DID ‖ scheme id, salt), 32 bytes.</summary>
    public required ImmutableArray<byte> Tag { get; init; }

    /// <summary>The largest encoded record <see cref="Parse"/> accepts.</summary>
    public const int MaxEncodedBytes = 8192;

    private const byte FormatVersion = 1;

    /// <summary>
    /// The canonical stored form: format byte 1, then the scheme id (u8 length + ASCII), the version (u16), Argon2id ops
    /// (u32) and memory (u64), the salt (u8 length), the helper data (u16 length) and the tag (u8 length); integers are
    /// big-endian. The same record always gives the same bytes, so <see cref="Digest"/> is stable.
    /// </summary>
    /// <exception cref="InvalidOperationException">A field does not fit its length prefix.</exception>
    public byte[] ToBytes()
    {
        byte[] scheme = Encoding.ASCII.GetBytes(SchemeId);
        if (scheme.Length > byte.MaxValue || Salt.Length > byte.MaxValue || Tag.Length > byte.MaxValue
            || Helper.Length > ushort.MaxValue || Version is < 0 or > ushort.MaxValue || OpsLimit is < 0 or > uint.MaxValue || MemLimitBytes < 0)
        {
            throw new InvalidOperationException("The record has a field too large for its canonical encoding.");
        }

        var output = new byte[1 + 1 + scheme.Length + 2 + 4 + 8 + 1 + Salt.Length + 2 + Helper.Length + 1 + Tag.Length];
        var span = output.AsSpan();
        span[0] = FormatVersion;
        span[1] = (byte)scheme.Length;
        scheme.CopyTo(span[2..]);
        int at = 2 + scheme.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)Version);
        BinaryPrimitives.WriteUInt32BigEndian(span[(at + 2)..], (uint)OpsLimit);
        BinaryPrimitives.WriteUInt64BigEndian(span[(at + 6)..], (ulong)MemLimitBytes);
        at += 14;
        span[at++] = (byte)Salt.Length;
        Salt.AsSpan().CopyTo(span[at..]);
        at += Salt.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)Helper.Length);
        at += 2;
        Helper.AsSpan().CopyTo(span[at..]);
        at += Helper.Length;
        span[at++] = (byte)Tag.Length;
        Tag.AsSpan().CopyTo(span[at..]);
        return output;
    }

    /// <summary>Reads the canonical form written by <see cref="ToBytes"/>. Scheme-specific checks happen at match time.</summary>
    /// <returns>The record, or <see cref="ErrorCodes.InvalidBiometricRecord"/> when the bytes are not one well-formed record.</returns>
    public static Result<BiometricRecord> Parse(ReadOnlySpan<byte> encoded)
    {
        var reader = new Reader(encoded);
        if (encoded.Length > MaxEncodedBytes || !reader.TryByte(out byte format) || format != FormatVersion
            || !reader.TryByte(out byte schemeLength) || !reader.TryTake(schemeLength, out ReadOnlySpan<byte> scheme)
            || !reader.TryTake(2, out ReadOnlySpan<byte> version) || !reader.TryTake(4, out ReadOnlySpan<byte> ops)
            || !reader.TryTake(8, out ReadOnlySpan<byte> mem)
            || !reader.TryByte(out byte saltLength) || !reader.TryTake(saltLength, out ReadOnlySpan<byte> salt)
            || !reader.TryTake(2, out ReadOnlySpan<byte> helperLength)
            || !reader.TryTake(BinaryPrimitives.ReadUInt16BigEndian(helperLength), out ReadOnlySpan<byte> helper)
            || !reader.TryByte(out byte tagLength) || !reader.TryTake(tagLength, out ReadOnlySpan<byte> tag)
            || !reader.AtEnd
            || BinaryPrimitives.ReadUInt64BigEndian(mem) > long.MaxValue
            || scheme.IndexOfAnyExceptInRange((byte)0x21, (byte)0x7E) >= 0)
        {
            return Result<BiometricRecord>.Failure(ErrorCodes.InvalidBiometricRecord, "The stored biometric record is not in the canonical record format.");
        }

        return new BiometricRecord
        {
            SchemeId = Encoding.ASCII.GetString(scheme),
            Version = BinaryPrimitives.ReadUInt16BigEndian(version),
            OpsLimit = BinaryPrimitives.ReadUInt32BigEndian(ops),
            MemLimitBytes = (long)BinaryPrimitives.ReadUInt64BigEndian(mem),
            Salt = ImmutableArray.Create(salt.ToArray()),
            Helper = ImmutableArray.Create(helper.ToArray()),
            Tag = ImmutableArray.Create(tag.ToArray()),
        };
    }

    /// <summary>base64url(SHA-256(<see cref="ToBytes"/>)): the <c>recordDigest</c> a binding credential carries.</summary>
    public string Digest() => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(ToBytes()));

    /// <summary>The scheme, version and Argon2id parameters; never salt, helper data or tag.</summary>
    public override string ToString() =>
        $"BiometricRecord {{ SchemeId = {SchemeId}, Version = {Version}, OpsLimit = {OpsLimit}, MemLimitBytes = {MemLimitBytes} }}";
}

file ref struct Reader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public bool TryByte(out byte value)
    {
        if (_rest.IsEmpty)
        {
            value = 0;
            return false;
        }

        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool TryTake(int count, out ReadOnlySpan<byte> value)
    {
        if (count > _rest.Length)
        {
            value = default;
            return false;
        }

        value = _rest[..count];
        _rest = _rest[count..];
        return true;
    }
}
