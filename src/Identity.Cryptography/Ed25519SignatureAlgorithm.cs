// References:
//   RFC 8032, Edwards-Curve Digital Signature Algorithm (EdDSA), January 2017, §5.1, https://www.rfc-editor.org/rfc/rfc8032
//   RFC 8037, CFRG Elliptic Curve Diffie-Hellman (ECDH) and Signatures in JOSE, January 2017, https://www.rfc-editor.org/rfc/rfc8037
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// Pure Ed25519 through NSec (libsodium's <c>crypto_sign_ed25519_*</c>). Verification is libsodium's: besides the
/// RFC 8032 equation it rejects a non-canonical S, a small-order R, and a non-canonical or small-order public key —
/// stricter than some implementations for crafted signatures, identical for honest ones.
/// </summary>
internal sealed class Ed25519SignatureAlgorithm : ISignatureAlgorithm
{
    public const int SeedSize = 32;
    public const int Ed25519SignatureSize = 64;

    public KeyType KeyType => KeyType.Ed25519;

    public string Name => "Ed25519";

    public string JwsAlgorithm => "EdDSA";

    public int SignatureSize => Ed25519SignatureSize;

    public int PrivateKeySize => SeedSize;

    public PrivateKey GenerateKey(PrivateKeyExport export = PrivateKeyExport.None) => Ed25519SigningKey.Generate(export);

    public Result<PrivateKey> ImportPrivateKey(ReadOnlySpan<byte> secret, PrivateKeyExport export = PrivateKeyExport.None)
    {
        if (secret.Length != SeedSize)
        {
            return new Error(ErrorCodes.InvalidPrivateKey, $"An Ed25519 seed has {SeedSize} bytes, not {secret.Length}.");
        }

        return Ed25519SigningKey.FromSeed(secret, export);
    }

    public byte[] Sign(PrivateKey key, ReadOnlySpan<byte> data)
    {
        if (key is ExternalPrivateKey external && external.KeyType == KeyType.Ed25519)
        {
            return external.Sign(this, data, data);
        }

        Ed25519SigningKey signingKey = Preconditions.CheckKey<Ed25519SigningKey>(key, KeyType.Ed25519, nameof(key));
        byte[] signature = new byte[Ed25519SignatureSize];
        signingKey.Sign(data, signature);
        return signature;
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.KeyType == KeyType.Ed25519
            && signature.Length == Ed25519SignatureSize
            && NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(key.ToNSecEd25519(), data, signature);
    }
}
