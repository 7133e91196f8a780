// References: RFC 7518 §3.4 (ES256, ES384: ECDSA, IEEE P1363 r || s), https://www.rfc-editor.org/rfc/rfc7518 ;
//   Microsoft.IdentityModel.Tokens CryptoProviderFactory — https://learn.microsoft.com/dotnet/api/microsoft.identitymodel.tokens.cryptoproviderfactory
using System.Security.Cryptography;
using Identity.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Credentials.Jose;

/// <summary>
/// The ES256 and ES384 signature check of a JWS, done by Microsoft.IdentityModel.Tokens from the key's JWK.
/// </summary>
/// <remarks>
/// Only the signature check is the library's. Parsing stays in <see cref="CompactJws"/>, which refuses what the library's
/// token handlers would let through or cannot express (duplicate header members, <c>crit</c>, JWE, <c>none</c>), and
/// EdDSA and ES256K stay on <see cref="ISignatureAlgorithm"/>: Microsoft.IdentityModel has neither.
/// Providers are not cached: keys come from resolved DID documents, so a cache would grow with whatever the callers send.
/// <threadsafety>Safe to call from any thread.</threadsafety>
/// </remarks>
internal static class IdentityModelEcdsa
{
    private static readonly CryptoProviderFactory s_factory = new() { CacheSignatureProviders = false };

    /// <summary>True for the algorithms this class checks: <c>ES256</c> and <c>ES384</c>.</summary>
    public static bool Handles(string alg) => alg is SecurityAlgorithms.EcdsaSha256 or SecurityAlgorithms.EcdsaSha384;

    /// <summary>Verifies a P1363 <paramref name="signature"/> over <paramref name="signingInput"/>; false when it does not verify.</summary>
    public static bool Verify(PublicKey key, string alg, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        JsonWebKey jwk = JwkConverter.ToJwk(key);
        SignatureProvider provider = s_factory.CreateForVerifying(jwk, alg);
        try
        {
            return provider.Verify(signingInput.ToArray(), signature.ToArray());
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false; // a signature the provider cannot even decode does not verify
        }
        finally
        {
            s_factory.ReleaseSignatureProvider(provider);
        }
    }
}
