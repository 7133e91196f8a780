// References: biometrics.md ("Matching happens where the record is held").
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Biometrics;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Http;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Biometrics;

/// <summary>
/// The <c>biometricMatch</c> check of <c>POST /presentations/verify</c>: for each presented
/// <c>BiometricBindingCredential</c> whose record this deployment holds, matches the fresh capture against it. A
/// binding issued elsewhere is skipped with the reason; so is matching when the presentation already failed (the
/// Argon2id work is spent only on presentations that are otherwise valid, which also rate-limits guessing to one
/// attempt per patient-signed, single-use challenge).
/// </summary>
internal sealed class BiometricMatcher(IIdentityStore store, TenantDirectory directory, BiometricProtectors protectors, BiometricWork work)
{
    public async Task<ImmutableArray<VerificationCheck>> CheckAsync(
        JsonObject presentation, BiometricCapture capture, bool verifiedSoFar, CancellationToken cancellationToken)
    {
        var checks = ImmutableArray.CreateBuilder<VerificationCheck>();
        var credentials = presentation["verifiableCredential"] switch
        {
            JsonArray many => many.ToList(),
            JsonObject one => [one],
            _ => [],
        };
        for (int i = 0; i < credentials.Count; i++)
        {
            if (credentials[i] is not JsonObject credential || !IsBinding(credential))
            {
                continue;
            }

            var target = $"verifiableCredential[{i}]";
            if (!verifiedSoFar)
            {
                checks.Add(VerificationCheck.Skipped(CheckNames.BiometricMatch, target, "Not performed: the presentation failed other checks."));
                continue;
            }

            checks.Add(await MatchAsync(credential, target, capture, cancellationToken).ConfigureAwait(false));
        }

        if (checks.Count == 0)
        {
            checks.Add(VerificationCheck.Skipped(CheckNames.BiometricMatch, "presentation", "The presentation carries no BiometricBindingCredential to match the capture against."));
        }

        return checks.ToImmutable();
    }

    private async Task<VerificationCheck> MatchAsync(JsonObject credential, string target, BiometricCapture capture, CancellationToken cancellationToken)
    {
        var issuer = JsonText.String(credential["issuer"]) ?? JsonText.String((credential["issuer"] as JsonObject)?["id"]);
        var tenantId = issuer is null ? null : directory.TenantOfDidWeb(issuer);
        if (tenantId is null)
        {
            return VerificationCheck.Skipped(CheckNames.BiometricMatch, target, "Not performed: the binding's record is held by its issuer, which is not this deployment.");
        }

        var subject = credential["credentialSubject"] as JsonObject;
        var binding = subject?["biometricBinding"] as JsonObject;
        var subjectDid = JsonText.String(subject?["id"]);
        var recordId = JsonText.String(binding?["recordId"]);
        var digest = JsonText.String(binding?["recordDigest"]);
        if (subjectDid is null || recordId is null || digest is null)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(
                ErrorCodes.DataModelViolation, "The binding credential lacks credentialSubject.id, biometricBinding.recordId or biometricBinding.recordDigest."));
        }

        var stored = await store.GetBiometricRecordAsync(tenantId, recordId, cancellationToken).ConfigureAwait(false);
        var record = stored is null ? default : BiometricRecord.Parse(stored.Record);
        if (stored is null || !record.IsSuccess || "u" + record.Value.Digest() != digest)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(
                ErrorCodes.UnknownBiometricRecord, $"The issuer holds no biometric record '{recordId}' with the digest this credential carries."));
        }

        var protector = await protectors.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (!protector.IsSuccess)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, protector.Error!);
        }

        var matched = await work.RunAsync(() => protector.Value.Match(capture, subjectDid, record.Value), cancellationToken).ConfigureAwait(false);
        if (!matched.IsSuccess)
        {
            return VerificationCheck.Failed(CheckNames.BiometricMatch, target, matched.Error!);
        }

        return matched.Value
            ? VerificationCheck.Passed(CheckNames.BiometricMatch, target, "The fresh capture matches the enrolled record.")
            : VerificationCheck.Failed(CheckNames.BiometricMatch, target, new Error(ErrorCodes.BiometricMismatch, "The fresh capture does not match the enrolled record."));
    }

    private static bool IsBinding(JsonObject credential) => credential["type"] switch
    {
        JsonArray types => types.Any(t => JsonText.String(t) == EnrollmentService.CredentialType),
        JsonValue one => JsonText.String(one) == EnrollmentService.CredentialType,
        _ => false,
    };
}
