// References: draft-ietf-oauth-sd-jwt-vc-13 §3.2.2 (iss, iat, nbf, exp, sub, vct, cnf), https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/ ;
//   W3C VC Data Model v2.0 §4 (issuer, validFrom, validUntil, credentialSubject), https://www.w3.org/TR/vc-data-model-2.0/
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// Maps a VC Data Model credential onto SD-JWT VC claims: <c>issuer</c> → <c>iss</c>, <c>id</c> → <c>jti</c>,
/// <c>validFrom</c>/<c>validUntil</c> → <c>nbf</c>/<c>exp</c>, <c>credentialSubject.id</c> → <c>sub</c>, and the
/// subject's other members → top-level claims. The SD-JWT VC data model is flat JSON, not JSON-LD, so
/// <c>@context</c>, <c>type</c> and <c>proof</c> are not carried; the type is named by <c>vct</c>.
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class SdJwtVcClaims
{
    /// <summary>Builds the claims for <paramref name="credential"/> issued at <paramref name="issuedAt"/>.</summary>
    /// <returns>The claims, or <c>dataModelViolation</c> (several subjects, a subject claim that collides with a reserved one).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Result<JsonObject> FromCredential(JsonObject credential, string vct, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(vct);
        var parsed = VerifiableCredential.Parse(credential);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        if (credential["credentialSubject"] is not JsonObject subject)
        {
            return new Error(ErrorCodes.DataModelViolation, "An SD-JWT VC has one subject: credentialSubject must be a single object.");
        }

        var claims = new JsonObject { ["iss"] = parsed.Value.IssuerId, ["iat"] = issuedAt.ToUnixTimeSeconds() };
        if (parsed.Value.ValidFrom is { } from)
        {
            claims["nbf"] = from.ToUnixTimeSeconds();
        }

        if (parsed.Value.ValidUntil is { } until)
        {
            claims["exp"] = until.ToUnixTimeSeconds();
        }

        claims["vct"] = vct;
        if (parsed.Value.Id is { } id)
        {
            claims["jti"] = id;
        }

        foreach (var (name, value) in subject)
        {
            if (name == "id")
            {
                claims["sub"] = JoseEncoding.String(value);
                continue;
            }

            if (claims.ContainsKey(name) || SdJwtVc.NeverDisclosable.Contains(name) || name is "sub" or "jti" or "iat")
            {
                return new Error(ErrorCodes.DataModelViolation, $"The subject claim '{name}' collides with a registered SD-JWT VC claim.");
            }

            claims[name] = value?.DeepClone();
        }

        return claims;
    }
}
