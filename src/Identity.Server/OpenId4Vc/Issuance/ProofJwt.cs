// References: RFC 7515 (JWS) with RFC 8725 §3.1 (algorithm allow-list) and §3.11 (explicit typing);
//   RFC 9449 §4.2 (DPoP proof: typ dpop+jwt, public jwk, asymmetric alg); OpenID4VCI 1.0 Appendix F.1
//   (jwt key proof: typ openid4vci-proof+jwt, kid or jwk, iat), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// A holder-signed proof JWT (a DPoP proof or an OpenID4VCI key proof) whose type, key, signature and <c>iat</c> have
/// been checked: what is read afterwards is what the holder signed.
/// </summary>
internal sealed record ProofJwt(PublicKey Key, string Thumbprint, JsonObject Header, JsonObject Claims)
{
    /// <summary>Proof JWTs are small; anything longer is refused before it is decoded.</summary>
    public const int MaxLength = 8 * 1024;

    /// <summary>
    /// Parses and checks <paramref name="token"/>: one compact JWS, <c>typ</c> exactly <paramref name="type"/>, an
    /// allowed asymmetric <c>alg</c>, the key from a public <c>jwk</c> header (or, when <paramref name="resolver"/> is
    /// given, from a <c>kid</c> DID URL; never both), a valid signature, and a numeric <c>iat</c> within
    /// <see cref="Oid4VciOptions.ProofMaxAge"/> before and <see cref="Oid4VciOptions.ClockSkew"/> after <paramref name="now"/>.
    /// Every failure is <paramref name="code"/>.
    /// </summary>
    public static async Task<Result<ProofJwt>> ReadAsync(
        string token, string type, string code, DateTimeOffset now, IDidResolver? resolver, CancellationToken cancellationToken)
    {
        var jws = CompactJws.Parse(token, MaxLength);
        if (!jws.IsSuccess)
        {
            return new Error(code, $"The {type} is not a compact JWS: {jws.Error!.Detail}");
        }

        if (jws.Value.Type != type)
        {
            return new Error(code, $"The proof's typ must be \"{type}\", not \"{jws.Value.Type}\".");
        }

        var key = await KeyOfAsync(jws.Value, type, code, resolver, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        var signature = JwsAlgorithms.Verify(jws.Value, key.Value);
        if (!signature.IsSuccess)
        {
            return new Error(code, $"The {type} signature does not verify: {signature.Error!.Detail}");
        }

        if (jws.Value.PayloadObject() is not { } claims)
        {
            return new Error(code, $"The {type} payload is not a JSON object.");
        }

        if (claims["iat"] is not JsonValue iatValue || iatValue.GetValueKind() != JsonValueKind.Number || !iatValue.TryGetValue(out long iat))
        {
            return new Error(code, $"The {type} has no numeric iat.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, 253_402_300_799));
        if (issuedAt < now - Oid4VciOptions.ProofMaxAge || issuedAt > now + Oid4VciOptions.ClockSkew)
        {
            return new Error(code, $"The {type} iat is outside the accepted window ({Oid4VciOptions.ProofMaxAge.TotalSeconds:0} s before to {Oid4VciOptions.ClockSkew.TotalSeconds:0} s after the issuer's clock).");
        }

        return new ProofJwt(key.Value, JwkConverter.Thumbprint(key.Value), jws.Value.Header, claims);
    }

    /// <summary>A claim's string value, or null when it is absent or not a string.</summary>
    public string? String(string name) => Claims[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static async Task<Result<PublicKey>> KeyOfAsync(CompactJws jws, string type, string code, IDidResolver? resolver, CancellationToken cancellationToken)
    {
        var jwk = jws.Header["jwk"];
        var kid = jws.KeyId;
        if (jwk is not null && (kid is not null || jws.Header.ContainsKey("x5c")))
        {
            return new Error(code, $"The {type} header names its key once: jwk, or kid, not both.");
        }

        if (jwk is JsonObject jwkObject)
        {
            var key = JwkConverter.FromJson(jwkObject.ToJsonString());
            return key.IsSuccess ? key : new Error(code, $"The {type} jwk is not a public signing key: {key.Error!.Detail}");
        }

        if (resolver is null || kid is null || !kid.StartsWith("did:", StringComparison.Ordinal))
        {
            return new Error(code, resolver is null
                ? $"The {type} header must carry the public key as jwk."
                : $"The {type} header must carry the public key as jwk, or kid as a DID URL (did:…#key).");
        }

        var method = await resolver.ResolveVerificationMethodAsync(kid, VerificationRelationship.Authentication, cancellationToken).ConfigureAwait(false);
        Result<PublicKey> resolved = method.IsSuccess ? method.Value.GetPublicKey() : method.Error!;
        return resolved.IsSuccess && resolved.Value.KeyType != KeyType.X25519
            ? resolved
            : new Error(code, $"The {type} kid does not resolve to an authentication key: {(resolved.IsSuccess ? "a key-agreement key" : resolved.Error!.Detail)}");
    }
}
