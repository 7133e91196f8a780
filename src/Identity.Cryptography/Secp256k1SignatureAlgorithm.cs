// References:
//   SEC 2: Recommended Elliptic Curve Domain Parameters, v2.0 (2010), §2.4.1 secp256k1, https://www.secg.org/sec2-v2.pdf
//   RFC 6979, Deterministic Usage of DSA and ECDSA, August 2013, https://www.rfc-editor.org/rfc/rfc6979
//   RFC 8812, CBOR Object Signing and Encryption (COSE) and JOSE Registrations for WebAuthn Algorithms, August 2020,
//   §3.2 (ES256K), https://www.rfc-editor.org/rfc/rfc8812
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// ECDSA on secp256k1 over SHA-256 (JWS <c>ES256K</c>), deterministic (RFC 6979) and always low-s; see
/// <see cref="Secp256k1Ecdsa"/> for the rules.
/// </summary>
internal sealed class Secp256k1SignatureAlgorithm : ISignatureAlgorithm
{
    public KeyType KeyType => KeyType.Secp256k1;

    public string Name => "secp256k1";

    public string JwsAlgorithm => "ES256K";

    public int SignatureSize => Secp256k1Ecdsa.SignatureSize;

    public int PrivateKeySize => EcCurve.Secp256k1.FieldSize;

    public PrivateKey GenerateKey(PrivateKeyExport export = PrivateKeyExport.None)
    {
        Span<byte> scalar = stackalloc byte[EcCurve.Secp256k1.FieldSize];
        try
        {
            // Rejection sampling: out-of-range draws (probability about 2^-128) are simply redrawn.
            do
            {
                RandomNumberGenerator.Fill(scalar);
            }
            while (!EcCurve.Secp256k1.IsValidScalar(scalar));

            return new Secp256k1SigningKey(scalar, export);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    public Result<PrivateKey> ImportPrivateKey(ReadOnlySpan<byte> secret, PrivateKeyExport export = PrivateKeyExport.None)
    {
        if (!EcCurve.Secp256k1.IsValidScalar(secret))
        {
            return new Error(ErrorCodes.InvalidPrivateKey, "A secp256k1 private key is a 32-byte scalar in [1, n - 1].");
        }

        return new Secp256k1SigningKey(secret, export);
    }

    public byte[] Sign(PrivateKey key, ReadOnlySpan<byte> data)
    {
        Secp256k1SigningKey signingKey = Preconditions.CheckKey<Secp256k1SigningKey>(key, KeyType.Secp256k1, nameof(key));
        Span<byte> hash = stackalloc byte[Secp256k1Ecdsa.HashSize];
        SHA256.HashData(data, hash);
        return Secp256k1Ecdsa.SignHash(signingKey.Key, hash, out _);
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyType != KeyType.Secp256k1 || signature.Length != SignatureSize)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Secp256k1Ecdsa.HashSize];
        SHA256.HashData(data, hash);
        return Secp256k1Ecdsa.VerifyHash(key, hash, signature);
    }
}
