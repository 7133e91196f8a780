// References: SMART Health Cards Framework v1.4.0 (verification: signature by the issuer's JWKS, revocation by CRL,
//   expiration), https://spec.smarthealth.cards/
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.HealthCards.Fhir;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.Health;

/// <summary>
/// Verifies SMART Health Cards into an itemised verdict: <c>policy</c> (a trusted issuer: this deployment's tenants, the
/// configured directory or the request's list; an untrusted issuer's keys are never fetched), <c>proof</c> (ES256 by the
/// <c>kid</c> in the issuer's JWKS), <c>validityPeriod</c> (<c>nbf</c>, <c>exp</c>), <c>credentialStatus</c> (the CRL when
/// the key has a <c>crlVersion</c>) and <c>fhir</c> (the bundle against FHIR R4). Input that is not a card is an error value.
/// </summary>
internal sealed class HealthCardVerifier(IssuerKeySource issuers, HealthCardKeys keys, FhirValidator fhir, HealthSettings settings, TimeProvider time)
{
    public const string FhirCheck = "fhir";
    private static readonly TimeSpan s_skew = TimeSpan.FromMinutes(5);

    public sealed record Verdict(VerificationResult Result, JsonArray Cards);

    public async Task<Result<Verdict>> VerifyAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var jwsList = HealthCardInput.Read(request, settings.Cards);
        if (!jwsList.IsSuccess)
        {
            return jwsList.Error!;
        }

        var trusted = TrustedIssuers(request["options"]);
        if (!trusted.IsSuccess)
        {
            return trusted.Error!;
        }

        var cards = new List<(HealthCard Card, string Target)>();
        for (int i = 0; i < jwsList.Value.Count; i++)
        {
            var card = HealthCard.Read(jwsList.Value[i], settings.Cards);
            if (!card.IsSuccess)
            {
                return card.Error!;
            }

            cards.Add((card.Value, jwsList.Value.Count == 1 ? "healthCard" : $"verifiableCredential[{i}]"));
        }

        var checks = ImmutableArray.CreateBuilder<VerificationCheck>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        var shown = new JsonArray();
        foreach (var (card, target) in cards)
        {
            await CheckAsync(card, target, trusted.Value, checks, warnings, cancellationToken).ConfigureAwait(false);
            shown.Add(new JsonObject
            {
                ["iss"] = card.Issuer,
                ["kid"] = card.KeyId,
                ["nbf"] = card.NotBefore,
                ["types"] = card.Types.DeepClone(),
                ["fhirVersion"] = card.FhirVersion,
                ["fhirBundle"] = card.FhirBundle.DeepClone(),
            });
        }

        return new Verdict(new VerificationResult(checks.ToImmutable(), warnings.ToImmutable()), shown);
    }

    private async Task CheckAsync(
        HealthCard card, string target, ImmutableArray<string> trusted, ImmutableArray<VerificationCheck>.Builder checks,
        ImmutableArray<string>.Builder warnings, CancellationToken cancellationToken)
    {
        JsonObject? signed = null;
        if (keys.TenantOfIssuer(card.Issuer) is null && !trusted.Contains(card.Issuer, StringComparer.Ordinal))
        {
            checks.Add(VerificationCheck.Failed(CheckNames.Policy, target, new Error(ErrorCodes.UntrustedIssuer,
                $"The issuer {card.Issuer} is not in the trusted-issuer directory (IDENTITY_SHC_TRUSTED_ISSUERS or options.trustedIssuers); its keys were not fetched.")));
        }
        else
        {
            checks.Add(VerificationCheck.Passed(CheckNames.Policy, target, "trusted issuer"));
            signed = await CheckSignatureAsync(card, target, checks, warnings, cancellationToken).ConfigureAwait(false);
            await CheckRevocationAsync(card, target, signed, checks, cancellationToken).ConfigureAwait(false);
        }

        checks.Add(CheckValidity(card, target));

        // Profile validation is the costliest check: it runs only on content a trusted issuer's key has signed, so an
        // anonymous caller cannot buy it with unsigned bundles.
        checks.Add(signed is null
            ? VerificationCheck.Skipped(FhirCheck, target, "not checked: the card's signature from a trusted issuer did not verify")
            : CheckFhir(card, target));
    }

    // Returns the JWK that verified the card (for its crlVersion), or null when the proof failed.
    private async Task<JsonObject?> CheckSignatureAsync(
        HealthCard card, string target, ImmutableArray<VerificationCheck>.Builder checks, ImmutableArray<string>.Builder warnings, CancellationToken cancellationToken)
    {
        var jwks = await issuers.JwksAsync(card.Issuer, cancellationToken).ConfigureAwait(false);
        if (!jwks.IsSuccess)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.Proof, target, jwks.Error!));
            return null;
        }

        var jwk = (jwks.Value["keys"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(k => JsonText.String(k["kid"]) == card.KeyId);
        if (jwk is null)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.Proof, target, new Error(ErrorCodes.UnknownKeyId,
                $"The issuer's key set ({card.Issuer}/.well-known/jwks.json) has no key with kid \"{card.KeyId}\".")));
            return null;
        }

        var publicJwk = new JsonObject { ["kty"] = jwk["kty"]?.DeepClone(), ["crv"] = jwk["crv"]?.DeepClone(), ["x"] = jwk["x"]?.DeepClone(), ["y"] = jwk["y"]?.DeepClone() };
        var key = jwk.ContainsKey("d")
            ? new Error(ErrorCodes.InvalidJwk, "The issuer publishes a private key (\"d\"); the key set must hold public keys only.")
            : JwkConverter.FromJson(publicJwk.ToJsonString());
        if (!key.IsSuccess || key.Value.KeyType != KeyType.P256)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.Proof, target, key.Error ?? new Error(ErrorCodes.InvalidJwk, "A health-card key is an EC P-256 key.")));
            return null;
        }

        if (JwkConverter.Thumbprint(key.Value) != card.KeyId)
        {
            warnings.Add($"{target}: the kid is not the key's RFC 7638 thumbprint, as the SMART Health Cards framework requires.");
        }

        var verified = JwsAlgorithms.Verify(card.Jws, key.Value);
        checks.Add(verified.IsSuccess
            ? VerificationCheck.Passed(CheckNames.Proof, target, $"ES256 by {card.Issuer} key {card.KeyId}")
            : VerificationCheck.Failed(CheckNames.Proof, target, verified.Error!));
        return verified.IsSuccess ? jwk : null;
    }

    private async Task CheckRevocationAsync(HealthCard card, string target, JsonObject? jwk, ImmutableArray<VerificationCheck>.Builder checks, CancellationToken cancellationToken)
    {
        if (jwk is null)
        {
            checks.Add(VerificationCheck.Skipped(CheckNames.CredentialStatus, target, "not checked: the signature did not verify"));
            return;
        }

        if (!jwk.ContainsKey("crlVersion"))
        {
            checks.Add(VerificationCheck.Skipped(CheckNames.CredentialStatus, target, "the issuer's key has no crlVersion (no revocation list)"));
            return;
        }

        if (card.RevocationId is null)
        {
            checks.Add(VerificationCheck.Passed(CheckNames.CredentialStatus, target, "the card has no rid"));
            return;
        }

        // Fails closed: a CRL that cannot be had means the card's status is unknown.
        var crl = await issuers.CrlAsync(card.Issuer, card.KeyId, cancellationToken).ConfigureAwait(false);
        var unusable = crl.IsSuccess ? CrlProblem(crl.Value, card.KeyId, jwk["crlVersion"]) : crl.Error;
        if (unusable is not null || crl.Value["rids"] is not JsonArray rids)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.CredentialStatus, target,
                unusable ?? new Error(ErrorCodes.InvalidStatusList, "The issuer's CRL has no rids array.")));
            return;
        }

        bool revoked = rids.Select(JsonText.String).Any(entry => IsRevoked(entry, card));
        checks.Add(revoked
            ? VerificationCheck.Failed(CheckNames.CredentialStatus, target, new Error(ErrorCodes.CredentialRevoked, $"The issuer revoked this card (rid {card.RevocationId})."))
            : VerificationCheck.Passed(CheckNames.CredentialStatus, target, "not in the issuer's CRL"));
    }

    // A CRL counts only for the key that signed the card, by the rid method, and no older than the key set says it is
    // (ctr below the key's crlVersion is a stale copy that may lack recent revocations).
    private static Error? CrlProblem(JsonObject crl, string keyId, JsonNode? crlVersion)
    {
        if (JsonText.String(crl["kid"]) != keyId || JsonText.String(crl["method"]) != "rid")
        {
            return new Error(ErrorCodes.InvalidStatusList, $"The issuer's CRL is not a rid list for key \"{keyId}\" (its kid or method differ).");
        }

        return Counter(crl["ctr"]) is not { } ctr || Counter(crlVersion) is not { } version
            ? new Error(ErrorCodes.InvalidStatusList, "The CRL's ctr and the key's crlVersion must be positive integers.")
            : ctr < version
                ? new Error(ErrorCodes.InvalidStatusList, $"The issuer's CRL is stale: ctr {ctr} is below the key's crlVersion {version}.")
                : null;
    }

    private static long? Counter(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out long counter) && counter > 0 ? counter : null;

    // "rid" revokes the card; "rid.timestamp" revokes it when it was issued (nbf) before the timestamp.
    private static bool IsRevoked(string? entry, HealthCard card)
    {
        if (entry is null)
        {
            return false;
        }

        int dot = entry.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return entry == card.RevocationId;
        }

        return entry[..dot] == card.RevocationId
            && (!long.TryParse(entry.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long before) || card.NotBefore < before);
    }

    private VerificationCheck CheckValidity(HealthCard card, string target)
    {
        var now = time.GetUtcNow();
        if (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(card.NotBefore, -62_135_596_800, 253_402_300_799)) > now + s_skew)
        {
            return VerificationCheck.Failed(CheckNames.ValidityPeriod, target, new Error(ErrorCodes.CredentialNotYetValid, "The card's nbf is in the future."));
        }

        return card.Expires is { } exp && DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(exp, -62_135_596_800, 253_402_300_799)) < now
            ? VerificationCheck.Failed(CheckNames.ValidityPeriod, target, new Error(ErrorCodes.CredentialExpired, "The card's exp has passed."))
            : VerificationCheck.Passed(CheckNames.ValidityPeriod, target);
    }

    private VerificationCheck CheckFhir(HealthCard card, string target)
    {
        if (!card.FhirVersion.StartsWith("4.0.", StringComparison.Ordinal))
        {
            return VerificationCheck.Failed(FhirCheck, target, new Error(ErrorCodes.InvalidFhir, $"fhirVersion \"{card.FhirVersion}\" is not FHIR R4 (4.0.x)."));
        }

        var report = fhir.Validate(card.FhirBundle);
        return report.IsValid
            ? VerificationCheck.Passed(FhirCheck, target, "FHIR R4 Bundle")
            : VerificationCheck.Failed(FhirCheck, target, report.Error!);
    }

    private Result<ImmutableArray<string>> TrustedIssuers(JsonNode? options)
    {
        if ((options as JsonObject)?["trustedIssuers"] is not { } node)
        {
            return settings.TrustedIssuers;
        }

        return node is JsonArray array && array.Count is > 0 and <= 64 && array.All(e => JsonText.String(e) is { Length: > 0 and <= 2048 })
            ? Result<ImmutableArray<string>>.Success([.. array.Select(e => JsonText.String(e)!)])
            : new Error(ErrorCodes.InvalidOptions, "options.trustedIssuers must be an array of 1 to 64 issuer URLs.");
    }
}
