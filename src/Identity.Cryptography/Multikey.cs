// References:
//   W3C Controlled Identifiers v1.0, W3C Recommendation 15 May 2025, §2.2.2 Multikey,
//   https://www.w3.org/TR/cid-1.0/#Multikey
//   The did:key Method v0.7, W3C CCG report (2022), §3.1.2 Decode Public Key Algorithm,
//   https://w3c-ccg.github.io/did-method-key/
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// The Multikey encoding of keys: <c>z</c> + base58btc(multicodec varint || key bytes). Public keys use the canonical
/// <see cref="PublicKey.Bytes"/> (EC points compressed); private keys use the Ed25519 seed or the EC scalar.
/// </summary>
/// <remarks>
/// <see cref="EncodePublicKey"/> of a decoded key reproduces the input exactly, which did:key resolution relies on.
/// <threadsafety>All members are static and safe to call from any thread.</threadsafety>
/// </remarks>
public static class Multikey
{
    // Supported keys need under 100 characters; the bound still admits RSA-4096 did:keys (so that they are reported
    // as unsupported rather than malformed) while keeping base58's quadratic decoding cheap.
    private const int MaxEncodedLength = 4096;

    /// <summary>Encodes a public key as a <c>publicKeyMultibase</c> value (e.g. <c>z6Mk…</c> for Ed25519).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static string EncodePublicKey(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(PublicCodec(key.KeyType), key.Bytes.Span));
    }

    /// <summary>Decodes a <c>publicKeyMultibase</c> value.</summary>
    /// <returns>The key; or <c>invalidMultibase</c> (not base58btc, or malformed), <c>invalidMulticodec</c> (bad varint),
    /// <c>unsupportedPublicKeyType</c> (a codec that is not one of the five public-key codecs),
    /// <c>invalidPublicKeyLength</c> (EC keys must be compressed) or <c>invalidPublicKey</c> (not a valid point).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="publicKeyMultibase"/> is null.</exception>
    public static Result<PublicKey> DecodePublicKey(string publicKeyMultibase)
    {
        ArgumentNullException.ThrowIfNull(publicKeyMultibase);
        return Split(publicKeyMultibase).Bind<PublicKey>(decoded =>
        {
            KeyType? type = decoded.Code switch
            {
                Multicodec.Ed25519Pub => KeyType.Ed25519,
                Multicodec.X25519Pub => KeyType.X25519,
                Multicodec.P256Pub => KeyType.P256,
                Multicodec.P384Pub => KeyType.P384,
                Multicodec.Secp256k1Pub => KeyType.Secp256k1,
                _ => null,
            };
            if (type is not { } keyType)
            {
                return Unsupported(decoded.Code, "public key");
            }

            if (EcCurve.For(keyType) is { } curve && decoded.Data.Length != curve.CompressedSize)
            {
                return new Error(
                    ErrorCodes.InvalidPublicKeyLength,
                    $"A {keyType} Multikey holds a {curve.CompressedSize}-byte compressed point, not {decoded.Data.Length} bytes.");
            }

            return PublicKey.Create(keyType, decoded.Data);
        });
    }

    /// <summary>Encodes a private key as a <c>secretKeyMultibase</c> value. Treat the result as a secret.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The key is not exportable (<see cref="PrivateKey.IsExportable"/>).</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static string EncodePrivateKey(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(key.IsDisposed, key);
        byte[] secret = new byte[key.SecretSize];
        byte[]? prefixed = null;
        try
        {
            key.ExportSecret(secret);
            prefixed = Multicodec.Prefix(PrivateCodec(key.KeyType), secret);
            return Multibase.Encode(MultibaseEncoding.Base58Btc, prefixed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(prefixed);
        }
    }

    /// <summary>Decodes a <c>secretKeyMultibase</c> value (as found in the W3C test-vector key pairs).</summary>
    /// <returns>The key; or <c>invalidMultibase</c>, <c>invalidMulticodec</c>, <c>unsupportedPublicKeyType</c> (not one
    /// of the four private-key codecs) or <c>invalidPrivateKey</c> (wrong length or out-of-range scalar).</returns>
    /// <param name="secretKeyMultibase">The encoded key.</param>
    /// <param name="export">Whether the decoded key may be exported again (e.g. a wallet that re-encrypts it).</param>
    /// <exception cref="ArgumentNullException"><paramref name="secretKeyMultibase"/> is null.</exception>
    public static Result<PrivateKey> DecodePrivateKey(string secretKeyMultibase, PrivateKeyExport export = PrivateKeyExport.None)
    {
        ArgumentNullException.ThrowIfNull(secretKeyMultibase);
        Result<(ulong Code, byte[] Data)> split = Split(secretKeyMultibase);
        if (!split.TryGetValue(out (ulong Code, byte[] Data) decoded))
        {
            return split.Error!;
        }

        try
        {
            ISignatureAlgorithm? algorithm = decoded.Code switch
            {
                Multicodec.Ed25519Priv => SignatureAlgorithms.Ed25519,
                Multicodec.P256Priv => SignatureAlgorithms.P256,
                Multicodec.P384Priv => SignatureAlgorithms.P384,
                Multicodec.Secp256k1Priv => SignatureAlgorithms.Secp256k1,
                _ => null,
            };
            return algorithm is null ? Unsupported(decoded.Code, "private key") : algorithm.ImportPrivateKey(decoded.Data, export);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(decoded.Data);
        }
    }

    /// <summary>The multicodec code of a public key of <paramref name="keyType"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keyType"/> is not a defined value.</exception>
    public static ulong PublicCodec(KeyType keyType) => keyType switch
    {
        KeyType.Ed25519 => Multicodec.Ed25519Pub,
        KeyType.X25519 => Multicodec.X25519Pub,
        KeyType.P256 => Multicodec.P256Pub,
        KeyType.P384 => Multicodec.P384Pub,
        KeyType.Secp256k1 => Multicodec.Secp256k1Pub,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    private static ulong PrivateCodec(KeyType keyType) => keyType switch
    {
        KeyType.Ed25519 => Multicodec.Ed25519Priv,
        KeyType.P256 => Multicodec.P256Priv,
        KeyType.P384 => Multicodec.P384Priv,
        KeyType.Secp256k1 => Multicodec.Secp256k1Priv,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "No private-key multicodec for this key type."),
    };

    private static Result<(ulong Code, byte[] Data)> Split(string value)
    {
        if (value.Length > MaxEncodedLength)
        {
            return new Error(ErrorCodes.InvalidMultibase, $"A Multikey value has at most {MaxEncodedLength} characters.");
        }

        Result<byte[]> decoded = Multibase.Decode(value, MultibaseEncoding.Base58Btc);
        if (!decoded.TryGetValue(out byte[]? bytes))
        {
            return decoded.Error!;
        }

        try
        {
            return Multicodec.Split(bytes);
        }
        finally
        {
            // The buffer may hold a private key; Split returned a copy of the payload.
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static Error Unsupported(ulong code, string what) =>
        new(ErrorCodes.UnsupportedPublicKeyType, $"The multicodec 0x{code:x} is not a supported {what} type.");
}
