// References: W3C Securing Verifiable Credentials using JOSE and COSE (Recommendation, 15 May 2025), §3.1.1 (vc+jwt:
//   the payload is the credential, typ vc+jwt, cty vc) and §3.1.2 (vp+jwt), https://www.w3.org/TR/vc-jose-cose/
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cryptography;

namespace Identity.Credentials.Jose;

/// <summary>Secures credentials and presentations as VC-JOSE-COSE compact JWS (<c>vc+jwt</c>, <c>vp+jwt</c>).</summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class VcJwt
{
    /// <summary>Signs <paramref name="credential"/> (which must carry no Data Integrity proof) as a <c>vc+jwt</c>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The credential has a <c>proof</c>, or the key cannot sign a JWS.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static string SignCredential(JsonObject credential, PrivateKey key, string keyId) =>
        Sign(credential, key, keyId, JoseCredentialVerifier.VcJwtType, "vc", null, null);

    /// <summary>
    /// Signs <paramref name="presentation"/> as a <c>vp+jwt</c>, adding the verifier's <c>nonce</c> and <c>aud</c> as
    /// claims when given (credentials inside should be <see cref="EnvelopedCredentials.Credential"/> objects).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="presentation"/>, <paramref name="key"/> or <paramref name="keyId"/> is null.</exception>
    /// <exception cref="ArgumentException">The presentation has a <c>proof</c>, or the key cannot sign a JWS.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static string SignPresentation(JsonObject presentation, PrivateKey key, string keyId, string? nonce = null, string? audience = null) =>
        Sign(presentation, key, keyId, JoseCredentialVerifier.VpJwtType, "vp", nonce, audience);

    private static string Sign(JsonObject document, PrivateKey key, string keyId, string type, string contentType, string? nonce, string? audience)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(keyId);
        if (document.ContainsKey("proof"))
        {
            throw new ArgumentException("A JOSE-secured document carries no Data Integrity proof; remove it first.", nameof(document));
        }

        var payload = (JsonObject)document.DeepClone();
        if (nonce is not null)
        {
            payload["nonce"] = nonce;
        }

        if (audience is not null)
        {
            payload["aud"] = audience;
        }

        var header = new JsonObject { ["kid"] = keyId, ["typ"] = type, ["cty"] = contentType };
        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(payload.ToJsonString()), key);
    }
}
