// References: RFC 7518 §3.1 and §3.4 (ES256, ES384), https://www.rfc-editor.org/rfc/rfc7518 ;
//   RFC 8037 §3.1 (EdDSA), https://www.rfc-editor.org/rfc/rfc8037 ; RFC 8812 §3.2 (ES256K), https://www.rfc-editor.org/rfc/rfc8812
using System.Collections.Frozen;
using System.Text;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

/// <summary>
/// The JWS algorithm allow-list and the one rule that ties an <c>alg</c> to a key: each key type verifies with exactly
/// one algorithm (Ed25519 → <c>EdDSA</c>, P-256 → <c>ES256</c>, P-384 → <c>ES384</c>, secp256k1 → <c>ES256K</c>).
/// </summary>
/// <remarks>
/// Signing goes through <see cref="ISignatureAlgorithm"/>, whose signatures are already in the JWS form (pure EdDSA;
/// IEEE P1363 r || s for ECDSA). Verification of ES256 and ES384 is Microsoft.IdentityModel.Tokens' (see
/// <see cref="IdentityModelEcdsa"/>); EdDSA and ES256K, which that library does not support, verify through our own
/// <see cref="ISignatureAlgorithm"/> (EdDSA over NSec, ES256K over Nethereum.Signer).
/// <threadsafety>All members are static and safe to call from any thread.</threadsafety>
/// </remarks>
public static class JwsAlgorithms
{
    /// <summary>The accepted <c>alg</c> values. <c>none</c>, HMAC and RSA are never accepted.</summary>
    public static FrozenSet<string> Allowed { get; } = SignatureAlgorithms.All.Select(a => a.JwsAlgorithm).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The algorithm that signs with <paramref name="keyType"/>, or null (X25519).</summary>
    public static ISignatureAlgorithm? ForKey(KeyType keyType) =>
        SignatureAlgorithms.ForKeyType(keyType).TryGetValue(out var algorithm) ? algorithm : null;

    /// <summary>
    /// Verifies <paramref name="jws"/>'s signature with <paramref name="key"/>, after checking that the token's
    /// <c>alg</c> is the one allowed for the key's type.
    /// </summary>
    /// <returns>True, or <c>algorithmNotAllowed</c> (alg and key disagree) or <c>invalidSignature</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Result<bool> Verify(CompactJws jws, PublicKey key)
    {
        var verdict = Check(jws, key);
        return verdict.IsValid ? true : verdict.Error!;
    }

    /// <summary>
    /// As <see cref="Verify"/>, in two levels: an <c>alg</c> the key cannot verify is not checked
    /// (<see cref="UncheckedReason.UnsupportedCryptosuite"/>); otherwise the signature is valid or invalid.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ProofVerdict Check(CompactJws jws, PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(key);
        var algorithm = ForKey(key.KeyType);
        if (algorithm is null || !string.Equals(algorithm.JwsAlgorithm, jws.Algorithm, StringComparison.Ordinal))
        {
            return ProofVerdict.NotChecked(UncheckedReason.UnsupportedCryptosuite, new Error(ErrorCodes.AlgorithmNotAllowed,
                $"The token says alg \"{jws.Algorithm}\" but the key is {key.KeyType}, which verifies only {algorithm?.JwsAlgorithm ?? "nothing"}."));
        }

        ReadOnlySpan<char> input = jws.SigningInput;
        Span<byte> ascii = input.Length <= 4096 ? stackalloc byte[input.Length] : new byte[input.Length];
        Encoding.ASCII.GetBytes(input, ascii);
        bool valid = IdentityModelEcdsa.Handles(algorithm.JwsAlgorithm)
            ? IdentityModelEcdsa.Verify(key, algorithm.JwsAlgorithm, ascii, jws.Signature)
            : algorithm.Verify(key, ascii, jws.Signature);
        return valid
            ? ProofVerdict.Valid
            : ProofVerdict.Invalid(new Error(ErrorCodes.InvalidSignature, $"The {jws.Algorithm} signature does not verify with the key."));
    }
}
