// References: W3C VC-API (Verifying, POST /credentials/verify and /presentations/verify),
//   https://w3c-ccg.github.io/vc-api/#verify-credential
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Storage;
using Identity.Server.Http;

namespace Identity.Server.Credentials;

/// <summary>
/// Runs the verifier for the VC-API verify endpoints (the pipeline itself spends the challenges this service issued,
/// through <see cref="Challenges.StoreChallengeLedger"/>), adds the biometric match when the caller sends a capture,
/// and records each outcome (never the claims) in the audit log.
/// </summary>
internal sealed class VerificationService(
    CredentialVerifier verifier,
    AuditWriter audit,
    Configuration.ServerSettings settings,
    TimeProvider time,
    Biometrics.BiometricMatcher biometrics,
    JoseVerificationService jose,
    Tenants.TenantDirectory tenants,
    SubjectPseudonyms pseudonyms)
{
    public async Task<Result<VerificationResult>> VerifyCredentialAsync(JsonObject request, CancellationToken cancellationToken)
    {
        if (JoseVerificationService.Accepts(request["verifiableCredential"]))
        {
            return await jose.VerifyCredentialAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request["verifiableCredential"] is not JsonObject credential)
        {
            return new Error(ErrorCodes.InvalidRequest, "The body must be {\"verifiableCredential\": {...}, \"options\": {...}} with the credential as a JSON object.");
        }

        var options = ReadOptions(request, settings.VerifierPolicy);
        if (!options.IsSuccess)
        {
            return options.Error!;
        }

        if ((request["options"] as JsonObject)?.ContainsKey("biometric") == true)
        {
            return new Error(ErrorCodes.InvalidOptions, "options.biometric needs a presentation: send it to POST /presentations/verify with the binding credential inside.");
        }

        var result = await verifier.VerifyCredentialAsync(
            credential, options.Value.Options with { Budget = settings.NewWorkBudget() }, cancellationToken).ConfigureAwait(false);
        await RecordAsync("credential.verified", credential, IssuanceService.SubjectId(credential), result, cancellationToken).ConfigureAwait(false);
        return result with { Policy = options.Value.Options.Policy };
    }

    public async Task<Result<VerificationResult>> VerifyPresentationAsync(JsonObject request, CancellationToken cancellationToken)
    {
        bool wantsMatch = (request["options"] as JsonObject)?.ContainsKey("biometric") == true;
        if (JoseVerificationService.Accepts(request["verifiablePresentation"]))
        {
            return wantsMatch
                ? new Error(ErrorCodes.InvalidOptions, "options.biometric needs a Data Integrity presentation that carries the BiometricBindingCredential.")
                : await jose.VerifyPresentationAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request["verifiablePresentation"] is not JsonObject presentation)
        {
            return new Error(ErrorCodes.InvalidRequest, "The body must be {\"verifiablePresentation\": {...}, \"options\": {...}} with the presentation as a JSON object.");
        }

        if (presentation["verifiableCredential"] is JsonArray carried && carried.Count > settings.MaxPresentationCredentials)
        {
            return new Error(ErrorCodes.InvalidRequest,
                $"A presentation may carry at most {settings.MaxPresentationCredentials} credentials; this one carries {carried.Count}.");
        }

        var read = ReadOptions(request, settings.VerifierPolicy);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        // Read the capture before the pipeline spends the challenge, so a malformed one costs the caller nothing.
        Identity.Biometrics.Captures.BiometricCapture? capture = null;
        if (wantsMatch)
        {
            var parsedCapture = Biometrics.CaptureReader.Read(request["options"]!["biometric"], "options.biometric");
            if (!parsedCapture.IsSuccess)
            {
                return parsedCapture.Error!;
            }

            capture = parsedCapture.Value;
        }

        using var captureScope = capture;
        var result = await verifier.VerifyPresentationAsync(
            presentation, read.Value.Options with { Budget = settings.NewWorkBudget() }, cancellationToken).ConfigureAwait(false);
        if (capture is not null)
        {
            var credentials = presentation["verifiableCredential"] switch
            {
                JsonArray many => [.. many],
                JsonObject one => [one],
                _ => new List<JsonNode?>(),
            };
            var matches = await biometrics.CheckAsync(credentials, capture, result, cancellationToken).ConfigureAwait(false);
            result = new VerificationResult(result.Checks.AddRange(matches), result.Warnings);
        }

        var first = presentation["verifiableCredential"] switch { JsonArray many when many.Count > 0 => many[0] as JsonObject, JsonObject one => one, _ => null };
        var holder = JsonText.String(presentation["holder"]) ?? JsonText.String((presentation["holder"] as JsonObject)?["id"]);
        await RecordAsync("presentation.verified", first, holder, result, cancellationToken).ConfigureAwait(false);
        return result with { Policy = read.Value.Options.Policy };
    }

    internal static Result<(VerificationOptions Options, bool _)> ReadOptions(JsonObject request, VerifierPolicy deploymentPolicy)
    {
        var node = request["options"];
        if (node is null)
        {
            return (VerificationOptions.Default with { Policy = deploymentPolicy }, true);
        }

        if (node is not JsonObject options)
        {
            return new Error(ErrorCodes.InvalidOptions, "options must be a JSON object.");
        }

        string? challenge = null, domain = null;
        foreach (var (name, value) in new[] { ("challenge", options["challenge"]), ("domain", options["domain"]) })
        {
            if (value is null)
            {
                continue;
            }

            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length is 0 or > 1024)
            {
                return new Error(ErrorCodes.InvalidOptions, $"options.{name} must be a non-empty string of at most 1024 characters.");
            }

            if (name == "challenge")
            {
                challenge = v.GetValue<string>();
            }
            else
            {
                domain = v.GetValue<string>();
            }
        }

        var policy = VerifierPolicyOptions.Read(options, deploymentPolicy);
        if (!policy.IsSuccess)
        {
            return policy.Error!;
        }

        return (VerificationOptions.Default with { Challenge = challenge, Domain = domain, Policy = policy.Value }, true);
    }

    // An outcome is attributed to the tenant that issued the (first) credential when that is one of this service's tenants,
    // and its subject is then that tenant's pseudonym of the patient's DID; otherwise no tenant here can pseudonymise it,
    // so the entry records the outcome without a subject. Never a DID, a name or a claim in clear.
    private async Task RecordAsync(string action, JsonObject? credential, string? subject, VerificationResult result, CancellationToken cancellationToken)
    {
        var outcome = result.Verified ? "verified" : "failed:" + result.Errors[0].Code;
        var issuer = JsonText.String(credential?["issuer"]) ?? JsonText.String((credential?["issuer"] as JsonObject)?["id"]);
        var tenant = issuer is null ? null : tenants.TenantOfDidWeb(issuer);
        if (tenant is not null && await tenants.GetKeysAsync(tenant, cancellationToken).ConfigureAwait(false) is null)
        {
            tenant = null; // A forged issuer naming no tenant must not make each verification try to create a tenant secret.
        }

        var pseudonym = tenant is null || subject is null ? null : await pseudonyms.ForAuditAsync(tenant, subject, cancellationToken).ConfigureAwait(false);
        await audit.EnqueueAsync(new AuditEntry(time.GetUtcNow(), pseudonym is null ? null : tenant, action, pseudonym, outcome), cancellationToken).ConfigureAwait(false);
    }
}
