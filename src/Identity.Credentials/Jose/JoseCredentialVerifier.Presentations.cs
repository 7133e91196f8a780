using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Credentials.Validation;
using Identity.Credentials.Verification;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

public sealed partial class JoseCredentialVerifier
{
    /// <summary>The most credentials one JOSE presentation may carry.</summary>
    public int MaxPresentationCredentials { get; init; } = 32;

    private async ValueTask VerifyJwtPresentationAsync(VerificationContext context, string token, CancellationToken cancellationToken)
    {
        var jws = CompactJws.Parse(token, MaxTokenLength);
        if (!jws.IsSuccess)
        {
            JwsCheck.Malformed(context, jws.Error!);
            return;
        }

        if (jws.Value.PayloadObject() is not { } payload)
        {
            JwsCheck.Malformed(context, new Error(ErrorCodes.MalformedJws, "The JWS payload is not a JSON object."));
            return;
        }

        // vp+jwt: the payload is the presentation. JWT-VP 1.1: the presentation is the vp claim, the holder is iss.
        bool legacy = jws.Value.Type != VpJwtType;
        if (legacy && (jws.Value.Type is not (null or "JWT") || payload["vp"] is not JsonObject))
        {
            context.Failed(CheckNames.DataModel, new Error(ErrorCodes.InvalidTokenType,
                $"A presentation JWS must have typ {VpJwtType} (VC-JOSE-COSE), or be a JWT-VP with a vp claim; this one has typ '{jws.Value.Type}'."));
            return;
        }

        var presentation = legacy ? (JsonObject)payload["vp"]!.DeepClone() : payload;
        string? holder = legacy ? JoseEncoding.String(payload["iss"]) : JoseEncoding.String(presentation["holder"]) ?? JoseEncoding.String((presentation["holder"] as JsonObject)?["id"]);
        if (legacy && holder is not null)
        {
            presentation["holder"] ??= holder;
        }

        await JwsCheck.VerifyAsync(context, _signers, jws.Value, holder, VerificationRelationship.Authentication, cancellationToken).ConfigureAwait(false);
        ChallengeBinding.Record(context, [JoseEncoding.String(payload["nonce"]) is { } nonce ? [nonce] : []], "the presentation's nonce");
        CheckClaim(context, CheckNames.Domain, context.ExpectedDomain, payload["aud"], ErrorCodes.DomainMismatch);
        if (legacy)
        {
            CheckLegacyTimes(context, payload);
        }

        var entries = presentation["verifiableCredential"] switch
        {
            JsonArray array => array.ToList(),
            null => [],
            JsonNode single => [single],
        };
        if (entries.Count > MaxPresentationCredentials)
        {
            context.Failed(CheckNames.DataModel, new Error(ErrorCodes.DataModelViolation, $"A presentation may carry at most {MaxPresentationCredentials} credentials."));
            return;
        }

        // JWT-VP 1.1 carries credentials as bare JWT strings; the validator wants objects, so check the rest of the shape.
        var shape = (JsonObject)presentation.DeepClone();
        shape.Remove("verifiableCredential");
        var violations = DataModelValidator.ValidatePresentation(shape);
        if (violations.Count > 0)
        {
            context.Failed(CheckNames.DataModel, violations[0]);
        }
        else
        {
            context.Passed(CheckNames.DataModel);
        }

        for (int i = 0; i < entries.Count; i++)
        {
            string target = $"verifiableCredential[{i}]";
            var embedded = context.ForEmbedded([], target);
            string? credentialToken = null;
            string? mediaType = null;
            if (EnvelopedCredentials.TryUnwrap(entries[i], EnvelopedCredentials.EnvelopedCredentialType, out var type, out var wrapped))
            {
                (mediaType, credentialToken) = (type, wrapped);
            }
            else if (legacy && JoseEncoding.String(entries[i]) is { } bare)
            {
                credentialToken = bare;
            }

            if (credentialToken is null)
            {
                embedded.Failed(CheckNames.DataModel, new Error(ErrorCodes.DataModelViolation,
                    "A JOSE presentation carries credentials as EnvelopedVerifiableCredential objects with a data: URL (or, in JWT-VP 1.1, as JWT strings)."));
                continue;
            }

            var subjects = await VerifyCredentialAsync(embedded, credentialToken, mediaType, holderBindingRequired: false, cancellationToken).ConfigureAwait(false);
            CheckHolder(context, target, holder, subjects);
        }
    }

    private static void CheckHolder(VerificationContext context, string target, string? holder, ImmutableArray<string?>? subjects)
    {
        if (subjects is not { } ids)
        {
            return; // The credential's own checks already failed.
        }

        var named = ids.Where(id => id is not null).ToList();
        if (context.Options.Policy.HolderBinding == HolderBindingPolicy.None)
        {
            context.Skipped(CheckNames.HolderBinding, $"The verifier's policy requires no holder binding ({target}).");
        }
        else if (named.Count == 0)
        {
            context.Warn($"{target} is a bearer credential (no subject id); anyone holding it can present it.");
            context.Passed(CheckNames.HolderBinding, $"{target} names no subject id.");
        }
        else if (holder is not null && named.Contains(holder, StringComparer.Ordinal))
        {
            context.Passed(CheckNames.HolderBinding, $"{target} is about the holder.");
        }
        else
        {
            context.Failed(CheckNames.HolderBinding, new Error(ErrorCodes.HolderMismatch, $"{target} is about '{string.Join("', '", named)}', not the holder '{holder}'."));
        }
    }

    private static void CheckClaim(VerificationContext context, string check, string? expected, JsonNode? claim, string code)
    {
        if (expected is null)
        {
            context.Skipped(check, $"The verifier expects no {check}.");
            return;
        }

        var values = claim is JsonArray array ? array.Select(JoseEncoding.String).ToList() : [JoseEncoding.String(claim)];
        if (values.Contains(expected, StringComparer.Ordinal))
        {
            context.Passed(check);
        }
        else
        {
            context.Failed(check, new Error(claim is null ? ErrorCodes.ChallengeRequired : code,
                $"The presentation's {(check == CheckNames.Challenge ? "nonce" : "aud")} is {(claim is null ? "missing" : "not the one the verifier expects")}."));
        }
    }

    // JWT-VP 1.1: nbf and exp bound the presentation itself.
    private static void CheckLegacyTimes(VerificationContext context, JsonObject payload)
    {
        long now = context.Now.ToUnixTimeSeconds();
        long skew = (long)context.Options.ClockSkew.TotalSeconds;
        if (JoseEncoding.NumericDate(payload["exp"]) is { } exp && exp + skew < now)
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(ErrorCodes.CredentialExpired, "The presentation JWT has expired (exp)."));
        }
        else if (JoseEncoding.NumericDate(payload["nbf"]) is { } nbf && nbf - skew > now)
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(ErrorCodes.CredentialNotYetValid, "The presentation JWT is not valid yet (nbf)."));
        }
    }

    /// <summary>
    /// Turns a JWT-VC 1.1 payload into the credential it secures (VC DM 1.1 §6.3.1): <c>iss</c> → issuer, <c>jti</c> →
    /// id, <c>sub</c> → credentialSubject.id, <c>nbf</c> → issuanceDate, <c>exp</c> → expirationDate. A value present
    /// in both places must agree.
    /// </summary>
    internal static Result<JsonObject> FromJwtVc(JsonObject payload)
    {
        var vc = (JsonObject)payload["vc"]!.DeepClone();
        if (JoseEncoding.String(payload["iss"]) is not { } iss)
        {
            return Mismatch("a JWT-VC must have a string iss claim (the issuer)");
        }

        var issuer = JoseEncoding.String(vc["issuer"]) ?? JoseEncoding.String((vc["issuer"] as JsonObject)?["id"]);
        if (issuer is not null && issuer != iss)
        {
            return new Error(ErrorCodes.IssuerMismatch, $"The JWT's iss '{iss}' and the credential's issuer '{issuer}' differ.");
        }

        vc["issuer"] ??= iss;
        if (Merge(vc, "id", payload["jti"]) is { } idError)
        {
            return idError;
        }

        if (JoseEncoding.String(payload["sub"]) is { } sub)
        {
            if (vc["credentialSubject"] is not JsonObject subject)
            {
                return Mismatch("the sub claim needs a single credentialSubject object");
            }

            if (Merge(subject, "id", sub) is { } subError)
            {
                return subError;
            }
        }

        foreach (var (claim, member) in new[] { ("nbf", "issuanceDate"), ("exp", "expirationDate") })
        {
            if (payload[claim] is null)
            {
                continue;
            }

            if (JoseEncoding.NumericDate(payload[claim]) is not { } seconds)
            {
                return Mismatch($"{claim} must be a NumericDate");
            }

            // The JWT claim governs: a differing date in the vc object is replaced, as VC DM 1.1 §6.3.1 directs.
            vc[member] = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        return vc;
    }

    private static Error? Merge(JsonObject target, string member, JsonNode? claim)
    {
        if (JoseEncoding.String(claim) is not { } value)
        {
            return null;
        }

        var existing = JoseEncoding.String(target[member]);
        if (existing is not null && existing != value)
        {
            return Mismatch($"the JWT claim and the credential's {member} differ");
        }

        target[member] = value;
        return null;
    }

    private static Error Mismatch(string detail) => new(ErrorCodes.DataModelViolation, $"Not a valid JWT-VC: {detail}.");
}
