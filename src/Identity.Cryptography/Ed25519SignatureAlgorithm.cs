// References:
//   RFC 8032, Edwards-Curve Digital Signature Algorithm (EdDSA), January 2017, §5.1, https://www.rfc-editor.org/rfc/rfc8032
//   RFC 8037, CFRG Elliptic Curve Diffie-Hellman (ECDH) and Signatures in JOSE, January 2017, https://www.rfc-editor.org/rfc/rfc8037
using Identity.Primitives;
using Identity.Sodium;

namespace Identity.Cryptography;

/// <summary>
/// Pure Ed25519 over libsodium (<c>crypto_sign_ed25519_*</c>). BouncyCastle 1.8.10 is deliberately not used: a crafted
/// signature can make its Ed25519 verifier loop forever (fixed only in BouncyCastle 2.3.1).
/// </summary>
internal sealed class Ed25519SignatureAlgorithm : ISignatureAlgorithm
{
    public KeyType KeyType => KeyType.Ed25519;

    public string Name => "Ed25519";

    public string JwsAlgorithm => "EdDSA";

    public int SignatureSize => Ed25519.SignatureSize;

    public int PrivateKeySize => Ed25519.SeedSize;

    public PrivateKey GenerateKey() => new Ed25519SigningKey(Ed25519PrivateKey.Generate());

    public Result<PrivateKey> ImportPrivateKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != Ed25519.SeedSize)
        {
            return new Error(ErrorCodes.InvalidPrivateKey, $"An Ed25519 seed has {Ed25519.SeedSize} bytes, not {secret.Length}.");
        }

        return new Ed25519SigningKey(Ed25519PrivateKey.FromSeed(secret));
    }

    public byte[] Sign(PrivateKey key, ReadOnlySpan<byte> data)
    {
        Ed25519SigningKey signingKey = Preconditions.CheckKey<Ed25519SigningKey>(key, KeyType.Ed25519, nameof(key));
        byte[] signature = new byte[Ed25519.SignatureSize];
        signingKey.Sign(data, signature);
        return signature;
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.KeyType == KeyType.Ed25519
            && signature.Length == Ed25519.SignatureSize
            && Ed25519.Verify(key.Bytes.Span, data, signature);
    }
}
