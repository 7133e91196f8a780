// References: IANA JSON Web Key Elliptic Curve registry (RFC 7518 §7.6, RFC 8037 §5, RFC 8812 §4.4),
//   https://www.iana.org/assignments/jose/jose.xhtml#web-key-elliptic-curve
namespace Identity.Cryptography;

/// <summary>One row of the JWK curve table: the key type, its <c>kty</c> and <c>crv</c>, and the coordinate size.</summary>
internal sealed record JwkCurve(KeyType KeyType, string Kty, string Crv, int CoordinateSize)
{
    private static readonly JwkCurve[] s_all =
    [
        new(KeyType.Ed25519, "OKP", "Ed25519", 32),
        new(KeyType.X25519, "OKP", "X25519", 32),
        new(KeyType.P256, "EC", "P-256", 32),
        new(KeyType.P384, "EC", "P-384", 48),
        new(KeyType.Secp256k1, "EC", "secp256k1", 32),
    ];

    public static JwkCurve For(KeyType keyType) =>
        Array.Find(s_all, c => c.KeyType == keyType)
        ?? throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type.");

    /// <summary>Finds a curve by its exact (case-sensitive) <c>crv</c> name.</summary>
    public static JwkCurve? Find(string crv) => Array.Find(s_all, c => string.Equals(c.Crv, crv, StringComparison.Ordinal));
}
