// References:
//   SEC 1: Elliptic Curve Cryptography, v2.0 (2009), §2.3.3-2.3.4, https://www.secg.org/sec1-v2.pdf
//   RFC 8032, Edwards-Curve Digital Signature Algorithm (EdDSA) (2017), §5.1.5, https://www.rfc-editor.org/rfc/rfc8032
//   RFC 7748, Elliptic Curves for Security (2016), §5, https://www.rfc-editor.org/rfc/rfc7748
using Identity.Primitives;
using Identity.Cryptography.Interop;

namespace Identity.Cryptography;

/// <summary>
/// An immutable, validated public key. Its canonical <see cref="Bytes"/> are the raw 32 bytes for Ed25519 and X25519
/// and the SEC1 <em>compressed</em> point for P-256, P-384 and secp256k1 (33, 49 and 33 bytes).
/// </summary>
/// <remarks>
/// Two keys are equal when their type and canonical bytes are equal, so a point imported uncompressed equals the same
/// point imported compressed.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed class PublicKey : IEquatable<PublicKey>
{
    private readonly byte[] _bytes;
    private byte[]? _uncompressed; // Cache only: computed from _bytes, so racing writers store equal values.
    private NSec.Cryptography.PublicKey? _nsec; // Cache only, as _uncompressed: the NSec form of an Ed25519 key.

    private PublicKey(KeyType keyType, byte[] bytes)
    {
        KeyType = keyType;
        _bytes = bytes;
    }

    /// <summary>The kind of key.</summary>
    public KeyType KeyType { get; }

    /// <summary>The canonical encoding (see the type remarks).</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>True for the elliptic-curve (SEC1) key types: P-256, P-384 and secp256k1.</summary>
    public bool IsEcKey => EcCurve.For(KeyType) is not null;

    /// <summary>
    /// Validates and imports a public key. EC keys may be SEC1 compressed (0x02/0x03) or uncompressed (0x04); the point
    /// must lie on the curve. Ed25519 keys must be a valid, non-small-order curve point; X25519 keys are any 32 bytes.
    /// </summary>
    /// <returns>The key, or <c>invalidPublicKeyLength</c> (wrong size) or <c>invalidPublicKey</c> (not a valid point or encoding).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined value.</exception>
    public static Result<PublicKey> Create(KeyType type, ReadOnlySpan<byte> bytes)
    {
        switch (type)
        {
            case KeyType.Ed25519:
            case KeyType.X25519:
                if (bytes.Length != Libsodium.Ed25519PublicKeySize)
                {
                    return LengthError(type, bytes.Length, "32");
                }

                if (type == KeyType.Ed25519 && !Libsodium.IsValidEd25519Point(bytes))
                {
                    return new Error(ErrorCodes.InvalidPublicKey, "The bytes are not a valid Ed25519 public key.");
                }

                return new PublicKey(type, bytes.ToArray());

            case KeyType.P256:
            case KeyType.P384:
            case KeyType.Secp256k1:
                EcCurve curve = EcCurve.For(type)!;
                byte[] compressed = new byte[curve.CompressedSize];
                return curve.TryCompress(bytes, compressed) switch
                {
                    null => new PublicKey(type, compressed),
                    ErrorCodes.InvalidPublicKeyLength => LengthError(type, bytes.Length, $"{curve.CompressedSize} or {curve.UncompressedSize}"),
                    string code => new Error(code, $"The bytes are not a valid SEC1 encoding of a {type} curve point."),
                };

            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown key type.");
        }
    }

    /// <summary>Returns the SEC1 uncompressed encoding 0x04 || X || Y.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC key (see <see cref="IsEcKey"/>).</exception>
    public byte[] ToUncompressed() => (byte[])Uncompressed().Clone();

    /// <summary>Returns the affine coordinates X and Y, each the full field size (32 or 48 bytes), big-endian.</summary>
    /// <exception cref="InvalidOperationException">The key is not an EC key (see <see cref="IsEcKey"/>).</exception>
    public (byte[] X, byte[] Y) GetAffineCoordinates()
    {
        byte[] uncompressed = Uncompressed();
        int size = (uncompressed.Length - 1) / 2;
        return (uncompressed.AsSpan(1, size).ToArray(), uncompressed.AsSpan(1 + size, size).ToArray());
    }

    /// <inheritdoc />
    public bool Equals(PublicKey? other) =>
        other is not null && KeyType == other.KeyType && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PublicKey);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(KeyType);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>The key type and its Multikey encoding, e.g. <c>Ed25519 z6Mk…</c>.</summary>
    public override string ToString() => $"{KeyType} {Multikey.EncodePublicKey(this)}";

    public static bool operator ==(PublicKey? left, PublicKey? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PublicKey? left, PublicKey? right) => !(left == right);

    /// <summary>Wraps canonical bytes this assembly has already validated (e.g. derived from a private key).</summary>
    internal static PublicKey FromTrusted(KeyType type, byte[] canonical) => new(type, canonical);

    /// <summary>The key as an NSec Ed25519 public key, imported once and cached (verification does not allocate again).</summary>
    internal NSec.Cryptography.PublicKey ToNSecEd25519()
    {
        System.Diagnostics.Debug.Assert(KeyType == KeyType.Ed25519, "Only Ed25519 keys have an NSec form.");
        return _nsec ??= NSec.Cryptography.PublicKey.Import(
            NSec.Cryptography.SignatureAlgorithm.Ed25519, _bytes, NSec.Cryptography.KeyBlobFormat.RawPublicKey);
    }

    private byte[] Uncompressed()
    {
        EcCurve curve = EcCurve.For(KeyType)
            ?? throw new InvalidOperationException($"A {KeyType} key has no SEC1 point encoding.");
        if (_uncompressed is null)
        {
            byte[] point = new byte[curve.UncompressedSize];
            curve.Decompress(_bytes, point);
            _uncompressed = point;
        }

        return _uncompressed;
    }

    private static Error LengthError(KeyType type, int actual, string expected) =>
        new(ErrorCodes.InvalidPublicKeyLength, $"A {type} public key has {expected} bytes, not {actual}.");
}
