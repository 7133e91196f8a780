// References:
//   PKCS #11 Specification Version 3.1, §2.3.3 (CKA_EC_PARAMS, CKA_EC_POINT: DER OCTET STRING of the point) and
//   §2.3.5 (Edwards keys: CKA_EC_PARAMS names the curve by OID), https://docs.oasis-open.org/pkcs11/pkcs11-spec/v3.1/
//   RFC 5480 §2.1.1.1 (secp256r1 1.2.840.10045.3.1.7, secp384r1 1.3.132.0.34); RFC 8410 §3 (id-Ed25519 1.3.101.112)
using Identity.Cryptography;

namespace Identity.Pkcs11;

/// <summary>The PKCS #11 constants the 2.40-era binding lacks, and the curve parameters and point encodings per key type.</summary>
internal static class Pkcs11Encoding
{
    // PKCS #11 v3.0 additions (Pkcs11Interop 5.3 knows only v2.40 names).
    public const ulong CKK_EC_EDWARDS = 0x40;
    public const ulong CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
    public const ulong CKM_EDDSA = 0x1057;

    private static readonly byte[] s_p256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
    private static readonly byte[] s_p384 = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22];
    private static readonly byte[] s_ed25519 = [0x06, 0x03, 0x2B, 0x65, 0x70];

    /// <summary>True for the key types a token holds for us: Ed25519, P-256 and P-384.</summary>
    public static bool Supports(KeyType type) => type is KeyType.Ed25519 or KeyType.P256 or KeyType.P384;

    /// <summary>The DER-encoded curve OID for <c>CKA_EC_PARAMS</c>.</summary>
    public static byte[] CurveParameters(KeyType type) => type switch
    {
        KeyType.Ed25519 => s_ed25519,
        KeyType.P256 => s_p256,
        KeyType.P384 => s_p384,
        _ => throw new ArgumentException($"A token key cannot be {type}.", nameof(type)),
    };

    public static ulong KeyTypeCode(KeyType type) => type == KeyType.Ed25519 ? CKK_EC_EDWARDS : 0x03; // CKK_EC

    public static ulong GenerationMechanism(KeyType type) => type == KeyType.Ed25519 ? CKM_EC_EDWARDS_KEY_PAIR_GEN : 0x1040; // CKM_EC_KEY_PAIR_GEN

    public static ulong SignatureMechanism(KeyType type) => type == KeyType.Ed25519 ? CKM_EDDSA : 0x1041; // CKM_ECDSA

    /// <summary>
    /// The public key from <c>CKA_EC_POINT</c>, which tokens give either as the DER OCTET STRING the specification asks
    /// for or as the bare point; the two are told apart by length, never by guessing at the first bytes.
    /// </summary>
    public static PublicKey? DecodePoint(KeyType type, byte[] point)
    {
        int raw = type switch
        {
            KeyType.Ed25519 => 32,
            KeyType.P256 => 65,
            KeyType.P384 => 97,
            _ => 0,
        };
        ReadOnlySpan<byte> bytes = point;
        if (bytes.Length == raw + 2 && bytes[0] == 0x04 && bytes[1] == raw)
        {
            bytes = bytes[2..];
        }
        else if (bytes.Length != raw)
        {
            return null;
        }

        var key = PublicKey.Create(type, bytes);
        return key.IsSuccess ? key.Value : null;
    }
}
