// References: IANA JSON Web Signature and Encryption Algorithms registry, https://www.iana.org/assignments/jose
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// The registry of supported signature algorithms. Composition has this one home: callers look algorithms up by key
/// type or JWS <c>alg</c> and never construct them.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to use from any thread.</threadsafety></remarks>
public static class SignatureAlgorithms
{
    /// <summary>Ed25519 (RFC 8032 pure EdDSA), over libsodium; JWS <c>EdDSA</c>.</summary>
    public static ISignatureAlgorithm Ed25519 { get; } = new Ed25519SignatureAlgorithm();

    /// <summary>ECDSA on P-256 with SHA-256; JWS <c>ES256</c>.</summary>
    public static ISignatureAlgorithm P256 { get; } = new NistEcdsaSignatureAlgorithm(EcCurve.P256);

    /// <summary>ECDSA on P-384 with SHA-384; JWS <c>ES384</c>.</summary>
    public static ISignatureAlgorithm P384 { get; } = new NistEcdsaSignatureAlgorithm(EcCurve.P384);

    /// <summary>ECDSA on secp256k1 with SHA-256, RFC 6979 nonces and low-s signatures; JWS <c>ES256K</c>.</summary>
    public static ISignatureAlgorithm Secp256k1 { get; } = new Secp256k1SignatureAlgorithm();

    /// <summary>Every registered algorithm, in a fixed order.</summary>
    public static IReadOnlyList<ISignatureAlgorithm> All { get; } = Array.AsReadOnly([Ed25519, P256, P384, Secp256k1]);

    /// <summary>Finds the algorithm that signs with <paramref name="keyType"/>.</summary>
    /// <returns>The algorithm, or <c>unsupportedAlgorithm</c> (e.g. for X25519, a key-agreement key).</returns>
    public static Result<ISignatureAlgorithm> ForKeyType(KeyType keyType)
    {
        foreach (ISignatureAlgorithm algorithm in All)
        {
            if (algorithm.KeyType == keyType)
            {
                return Result<ISignatureAlgorithm>.Success(algorithm);
            }
        }

        return new Error(ErrorCodes.UnsupportedAlgorithm, $"No signature algorithm uses {keyType} keys.");
    }

    /// <summary>Finds the algorithm for a JWS <c>alg</c> value (exact, case-sensitive match).</summary>
    /// <returns>The algorithm, or <c>unsupportedAlgorithm</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jwsAlgorithm"/> is null.</exception>
    public static Result<ISignatureAlgorithm> ForJwsAlgorithm(string jwsAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(jwsAlgorithm);
        foreach (ISignatureAlgorithm algorithm in All)
        {
            if (string.Equals(algorithm.JwsAlgorithm, jwsAlgorithm, StringComparison.Ordinal))
            {
                return Result<ISignatureAlgorithm>.Success(algorithm);
            }
        }

        return new Error(ErrorCodes.UnsupportedAlgorithm, $"The JWS algorithm '{jwsAlgorithm}' is not supported.");
    }
}
