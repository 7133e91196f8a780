// References: SMART Health Cards Framework v1.4.0 §"Health Cards are encoded as Compact Serialization JWS" and
//   §"Health Cards are Compact", https://spec.smarthealth.cards/ ; RFC 7515 (JWS), RFC 7638 (JWK thumbprint)
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.HealthCards.HealthCards;

/// <summary>
/// A SMART Health Card read from its compact JWS, before its signature is checked: the header said <c>alg: ES256</c>,
/// <c>zip: DEF</c> and a <c>kid</c>; the payload inflated within bounds to the JWT claims of a health card.
/// </summary>
public sealed record HealthCard(CompactJws Jws, JsonObject Payload, string Issuer, string KeyId, long NotBefore, long? Expires, string? RevocationId, JsonArray Types, string FhirVersion, JsonObject FhirBundle)
{
    public const string HealthCardType = "https://smarthealth.cards#health-card";
    public const string FhirVersionR4 = "4.0.1";

    /// <summary>The media type and file extension of a card file (<c>{"verifiableCredential": [jws, …]}</c>).</summary>
    public const string FileMediaType = "application/smart-health-card";

    /// <summary>Signs a card: the payload minified, raw-DEFLATEd and signed ES256 with <c>zip: DEF</c> and <c>kid</c> the key's RFC 7638 thumbprint.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a P-256 key.</exception>
    public static string Sign(JsonObject payload, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyType != KeyType.P256)
        {
            throw new ArgumentException("A health card is signed with a P-256 key (ES256).", nameof(key));
        }

        var header = new JsonObject { ["zip"] = "DEF", ["kid"] = JwkConverter.Thumbprint(key.PublicKey) };
        return CompactJws.Sign(header, RawDeflate.Compress(Encoding.UTF8.GetBytes(payload.ToJsonString())), key);
    }

    /// <summary>The JWT claims of a card: <c>iss</c>, <c>nbf</c>, and <c>vc</c> with its types and FHIR bundle (plus <c>rid</c> when given).</summary>
    public static JsonObject Claims(string issuer, DateTimeOffset notBefore, IEnumerable<string> types, JsonObject fhirBundle, string? revocationId, DateTimeOffset? expires = null)
    {
        var vc = new JsonObject
        {
            ["type"] = new JsonArray([.. types.Select(t => (JsonNode)JsonValue.Create(t))]),
            ["credentialSubject"] = new JsonObject { ["fhirVersion"] = FhirVersionR4, ["fhirBundle"] = fhirBundle },
        };
        if (revocationId is not null)
        {
            vc["rid"] = revocationId;
        }

        var claims = new JsonObject { ["iss"] = issuer, ["nbf"] = notBefore.ToUnixTimeSeconds() };
        if (expires is { } exp)
        {
            claims["exp"] = exp.ToUnixTimeSeconds();
        }

        claims["vc"] = vc;
        return claims;
    }

    /// <summary>Reads a card's JWS within <paramref name="limits"/>; nothing is verified yet.</summary>
    /// <returns>The card, or <c>tokenTooLarge</c>, <c>malformedJws</c>, <c>algorithmNotAllowed</c> (not ES256),
    /// <c>invalidHealthCard</c> (no <c>zip: DEF</c>, no <c>kid</c>, claims not of a card), <c>inflateLimitExceeded</c>.</returns>
    public static Result<HealthCard> Read(string jws, HealthCardLimits limits)
    {
        ArgumentNullException.ThrowIfNull(jws);
        ArgumentNullException.ThrowIfNull(limits);
        var parsed = CompactJws.Parse(jws.Trim(), limits.MaxJwsLength);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        var token = parsed.Value;
        if (token.Algorithm != "ES256")
        {
            return new Error(ErrorCodes.AlgorithmNotAllowed, $"A SMART Health Card is signed with ES256, not \"{token.Algorithm}\".");
        }

        if (JsonValues.String(token.Header["zip"]) != "DEF")
        {
            return Invalid("the JWS header must say zip: \"DEF\" (a raw-DEFLATE payload)");
        }

        if (token.KeyId is not { Length: > 0 and <= 128 } kid)
        {
            return Invalid("the JWS header has no kid (the signing key's JWK thumbprint)");
        }

        var inflated = RawDeflate.Inflate(token.Payload, limits.MaxInflatedBytes);
        if (!inflated.IsSuccess)
        {
            return inflated.Error!;
        }

        if (JsonValues.Object(inflated.Value) is not { } payload)
        {
            return Invalid("the inflated payload is not a JSON object");
        }

        return FromClaims(token, payload, kid);
    }

    // The key set is fetched from iss + "/.well-known/jwks.json", so iss must be a base URL that suffix extends as a path.
    private static bool IsIssuerUrl(string issuer) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && !issuer.EndsWith('/') && !issuer.Contains('?', StringComparison.Ordinal) && !issuer.Contains('#', StringComparison.Ordinal);

    private static Result<HealthCard> FromClaims(CompactJws token, JsonObject payload, string kid)
    {
        if (JsonValues.String(payload["iss"]) is not { Length: > 0 } issuer)
        {
            return Invalid("the payload has no iss");
        }

        if (!IsIssuerUrl(issuer))
        {
            return Invalid("iss must be the issuer's base URL: http(s), no user, query or fragment, no trailing slash");
        }

        if (JsonValues.Seconds(payload["nbf"]) is not { } nbf)
        {
            return Invalid("the payload has no numeric nbf");
        }

        if (payload["exp"] is not null && JsonValues.Seconds(payload["exp"]) is null)
        {
            return Invalid("exp is not a number");
        }

        if (payload["vc"] is not JsonObject vc || vc["type"] is not JsonArray types
            || !types.Any(t => JsonValues.String(t) == HealthCardType))
        {
            return Invalid($"vc.type must be an array that includes \"{HealthCardType}\"");
        }

        if (vc["credentialSubject"] is not JsonObject subject || subject["fhirBundle"] is not JsonObject bundle
            || JsonValues.String(subject["fhirVersion"]) is not { } fhirVersion)
        {
            return Invalid("vc.credentialSubject must carry fhirVersion and a fhirBundle object");
        }

        string? rid = null;
        if (vc["rid"] is { } ridNode)
        {
            rid = JsonValues.String(ridNode);
            if (rid is not { Length: > 0 and <= 24 } || rid.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                return Invalid("vc.rid must be 1 to 24 characters of the base64url alphabet");
            }
        }

        return new HealthCard(token, payload, issuer, kid, nbf, JsonValues.Seconds(payload["exp"]), rid, types, fhirVersion, bundle);
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidHealthCard, $"Not a SMART Health Card: {detail}.");
}

/// <summary>The bounds every card read here is held to.</summary>
public sealed record HealthCardLimits
{
    /// <summary>The longest JWS accepted (characters); a card of 20 full QR chunks is about 24,000.</summary>
    public int MaxJwsLength { get; init; } = 32 * 1024;

    /// <summary>The most bytes a payload may inflate to; bounds a deflate bomb's work and memory.</summary>
    public int MaxInflatedBytes { get; init; } = 256 * 1024;
}
