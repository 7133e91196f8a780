// References: biometrics.md ("Matching happens where the record is held"); W3C Data Integrity 1.0 §5.3 Replay attacks,
//   https://www.w3.org/TR/vc-data-integrity/#replay-attacks
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Biometrics;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Http;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Biometrics;

/// <summary>
/// The <c>biometricMatch</c> check of <c>POST /presentations/verify</c> when the caller sends a capture. It fails closed:
/// a presentation without a <c>BiometricBindingCredential</c>, with one this service's tenants did not issue (another
/// issuer's, or self-issued), or not bound to a fresh challenge this service issued and consumed at this verification,
/// fails the check; it is never skipped into a pass. A match costs one attempt against the record: one per challenge,
/// and at most <see cref="ServerSettings.BiometricMaxAttempts"/> per record and window, after which the record locks.
/// The Argon2id work is spent only on presentations that are otherwise valid.
/// </summary>
internal sealed class BiometricMatcher(
    IIdentityStore store, TenantDirectory directory, BiometricProtectors protectors, BiometricWork work, ServerSettings settings, TimeProvider time,
    Security.RecordCipher cipher)
{
    public async Task<ImmutableArray<VerificationCheck>> CheckAsync(
        IReadOnlyList<JsonNode?> credentials, BiometricCapture capture, VerificationResult verdict, CancellationToken cancellationToken)
    {
        var checks = ImmutableArray.CreateBuilder<VerificationCheck>();
        var bindings = Enumerable.Range(0, credentials.Count)
            .Where(i => credentials[i] is JsonObject credential && IsBinding(credential))
            .Select(i => (Credential: (JsonObject)credentials[i]!, Target: $"verifiableCredential[{i}]"))
            .ToList();
        if (bindings.Count == 0)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.BiometricMatch, "presentation", new Error(ErrorCodes.BiometricBindingRequired,
                "A biometric match was asked for, but the presentation carries no BiometricBindingCredential to match the capture against.")));
            return checks.ToImmutable();
        }

        if (!verdict.Verified)
        {
            checks.AddRange(bindings.Select(b => VerificationCheck.Skipped(CheckNames.BiometricMatch, b.Target, "Not performed: the presentation failed other checks.")));
            return checks.ToImmutable();
        }

        if (verdict.FreshChallenge is null)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.BiometricMatch, "presentation", new Error(ErrorCodes.BiometricChallengeRequired,
                "A biometric match needs a presentation bound to a fresh challenge from POST /challenges, consumed by this verification; this one is not.")));
            return checks.ToImmutable();
        }

        // Each record is tried once per verification, however often its credential is repeated.
        var matched = new Dictionary<string, VerificationCheck>(StringComparer.Ordinal);
        foreach (var (credential, target) in bindings)
        {
            var key = RecordKey(credential);
            if (key is not null && matched.TryGetValue(key, out var earlier))
            {
                checks.Add(earlier.Status == CheckStatus.Passed
                    ? VerificationCheck.Passed(CheckNames.BiometricMatch, target, earlier.Detail)
                    : VerificationCheck.Failed(CheckNames.BiometricMatch, target, earlier.Error!));
                continue;
            }

            var check = await MatchAsync(credential, target, capture, cancellationToken).ConfigureAwait(false);
            checks.Add(check);
            if (key is not null)
            {
                matched[key] = check;
            }
        }

        return checks.ToImmutable();
    }

    private async Task<VerificationCheck> MatchAsync(JsonObject credential, string target, BiometricCapture capture, CancellationToken cancellationToken)
    {
        var issuer = JsonText.String(credential["issuer"]) ?? JsonText.String((credential["issuer"] as JsonObject)?["id"]);
        var subject = credential["credentialSubject"] as JsonObject;
        var subjectDid = JsonText.String(subject?["id"]);
        var tenantId = issuer is null ? null : directory.TenantOfDidWeb(issuer);
        if (tenantId is null)
        {
            var who = issuer is not null && issuer == subjectDid ? "it is self-issued" : $"its issuer '{issuer}' is not a tenant of this service";
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(ErrorCodes.UntrustedBiometricBinding,
                $"The binding credential cannot be matched here: {who}, so no record this service holds backs it."));
        }

        var binding = subject?["biometricBinding"] as JsonObject;
        var recordId = JsonText.String(binding?["recordId"]);
        var digest = JsonText.String(binding?["recordDigest"]);
        if (subjectDid is null || recordId is null || digest is null)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(
                ErrorCodes.DataModelViolation, "The binding credential lacks credentialSubject.id, biometricBinding.recordId or biometricBinding.recordDigest."));
        }

        var stored = await store.GetBiometricRecordAsync(tenantId, recordId, cancellationToken).ConfigureAwait(false);
        var opened = stored is null ? null : await OpenAsync(stored, cancellationToken).ConfigureAwait(false);
        var record = opened is null ? default : BiometricRecord.Parse(opened);
        if (opened is null || !record.IsSuccess || "u" + record.Value.Digest() != digest)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(
                ErrorCodes.UnknownBiometricRecord, $"The issuer holds no biometric record '{recordId}' with the digest this credential carries."));
        }

        var protector = await protectors.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!protector.IsSuccess)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, protector.Error!);
        }

        var attempt = await store.BeginBiometricAttemptAsync(
            tenantId, recordId, time.GetUtcNow(), settings.BiometricAttemptWindow, settings.BiometricMaxAttempts, cancellationToken).ConfigureAwait(false);
        if (!attempt.Allowed)
        {
            var until = attempt.LockedUntil?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(ErrorCodes.BiometricRecordLocked,
                $"This biometric record had {attempt.Attempts} match attempts within {settings.BiometricAttemptWindow.TotalMinutes:0.#} minutes; it is locked until {until}."));
        }

        var matched = await work.RunAsync(() => protector.Value.Match(capture, subjectDid, record.Value), cancellationToken).ConfigureAwait(false);
        if (!matched.IsSuccess)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, matched.Error!);
        }

        if (!matched.Value)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(ErrorCodes.BiometricMismatch, "The fresh capture does not match the enrolled record."));
        }

        await store.ResetBiometricAttemptsAsync(tenantId, recordId, cancellationToken).ConfigureAwait(false);
        return VerificationCheck.Passed(CheckNames.BiometricMatch, target, "The fresh capture matches the enrolled record.");
    }

    private static string? RecordKey(JsonObject credential) =>
        JsonText.String(((credential["credentialSubject"] as JsonObject)?["biometricBinding"] as JsonObject)?["recordId"]) is { } id
            ? (JsonText.String(credential["issuer"]) ?? JsonText.String((credential["issuer"] as JsonObject)?["id"])) + " " + id
            : null;

    private static bool IsBinding(JsonObject credential) => credential["type"] switch
    {
        JsonArray types => types.Any(t => JsonText.String(t) == EnrollmentService.CredentialType),
        JsonValue one => JsonText.String(one) == EnrollmentService.CredentialType,
        _ => false,
    };

    // The record is sealed under the tenant's data key (bound to its id); one that does not open is no record at all.
    private async Task<byte[]?> OpenAsync(StoredBiometricRecord stored, CancellationToken cancellationToken)
    {
        var key = await cipher.ForTenantAsync(stored.TenantId, cancellationToken).ConfigureAwait(false);
        try
        {
            return key.IsSuccess ? key.Value.Open(Credentials.IssuanceService.BiometricKind, stored.RecordId, stored.Record) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
