// References: W3C VC Data Model 2.0, https://www.w3.org/TR/vc-data-model-2.0/ ; W3C Bitstring Status List v1.0 §2.1
//   (revocation), https://www.w3.org/TR/vc-bitstring-status-list/ ; docs/health.md
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Challenges;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Status;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Consent;

/// <summary>
/// Registers a patient's <c>ConsentCredential</c> with the hospital (checks the patient's signature and that the signer is
/// the patient, then countersigns it as a <c>ConsentRegistrationCredential</c> with a revocation entry) and withdraws it
/// when the patient asks with a holder proof over a fresh challenge (the hospital's status list then says so).
/// </summary>
internal sealed class ConsentService(
    CredentialVerifier verifier,
    PatientBinding binding,
    ConsentRegistry registry,
    IssuanceService issuance,
    StatusListService statusLists,
    StatusUrls statusUrls,
    HolderProofs holderProofs,
    TenantDirectory tenants,
    SubjectPseudonyms pseudonyms,
    AuditWriter audit,
    Configuration.ServerSettings settings,
    TimeProvider time)
{
    /// <summary>What registration answers: the countersignature, or an error with the consent's verification checks.</summary>
    public sealed record Outcome(JsonObject? Body, Error? Error, VerificationResult? Checks);

    public async Task<Outcome> RegisterAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        if (request["consent"] is not JsonObject consent)
        {
            return Fail(ErrorCodes.InvalidRequest, "The body must be {\"consent\": {...}} with the patient's signed ConsentCredential.");
        }

        var read = ConsentTerms.Read(consent);
        if (!read.IsSuccess)
        {
            return new Outcome(null, read.Error, null);
        }

        var terms = read.Value;
        if (await tenants.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false) is null)
        {
            return Fail(ErrorCodes.NotFound, $"There is no tenant '{tenantId}'.");
        }

        var now = time.GetUtcNow();
        if (terms.Custodian != tenants.DidWebOf(tenantId))
        {
            return Fail(ErrorCodes.InvalidConsent, $"credentialSubject.custodian must be this hospital, {tenants.DidWebOf(tenantId)}.");
        }

        if (terms.ValidUntil <= now)
        {
            return Fail(ErrorCodes.InvalidConsent, "The consent has already ended (validUntil is past).");
        }

        if (await binding.CheckAsync(tenantId, terms.Patient, terms.Issuer, cancellationToken).ConfigureAwait(false) is { } notPatient)
        {
            return new Outcome(null, notPatient, null);
        }

        var digest = ConsentRegistry.Digest(consent);
        if (!digest.IsSuccess)
        {
            return new Outcome(null, digest.Error, null);
        }

        var verified = await verifier.VerifyCredentialAsync(consent, VerificationOptions.Default with { Budget = settings.NewWorkBudget() }, cancellationToken).ConfigureAwait(false);
        if (!verified.Verified)
        {
            return new Outcome(null, new Error(verified.Errors[0].Code, "The consent credential did not verify: " + verified.Errors[0].Detail), verified);
        }

        var registrationId = ConsentRegistry.RegistrationId(tenantId, terms.Id);
        var issued = await issuance.IssueAsync(tenantId, new JsonObject { ["credential"] = Registration(terms, registrationId, digest.Value, now) }, cancellationToken).ConfigureAwait(false);
        if (!issued.IsSuccess)
        {
            return issued.Error!.Code == ErrorCodes.CredentialExists
                ? Fail(ErrorCodes.ConsentExists, $"Tenant '{tenantId}' already registered the consent '{terms.Id}'.")
                : new Outcome(null, issued.Error, null);
        }

        await RecordAsync(tenantId, "consent.registered", terms.Patient, terms.Id, cancellationToken).ConfigureAwait(false);
        return new Outcome(new JsonObject
        {
            ["consentId"] = terms.Id,
            ["registration"] = issued.Value,
            ["fhirConsent"] = ConsentMappings.Json(ConsentMappings.ToFhir(terms, registrationId, now, withdrawn: false)),
            ["consentRecord"] = ConsentMappings.ToIso27560(terms, registrationId, now, withdrawnAt: null),
        }, null, null);
    }

    public async Task<Outcome> WithdrawAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        var consentId = JsonText.String(request["consentId"]);
        if (consentId is not { Length: > 0 and <= 256 } || request["holderProof"] is not JsonObject proof)
        {
            return Fail(ErrorCodes.InvalidRequest, "The body must be {\"consentId\": \"…\", \"holderProof\": {...}}, the proof a presentation without credentials by the patient over a challenge from POST /challenges.");
        }

        var registration = await registry.FindAsync(tenantId, consentId, cancellationToken).ConfigureAwait(false);
        if (registration?.Patient is not { } patient)
        {
            return Fail(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no consent '{consentId}'.");
        }

        var failed = await holderProofs.CheckAsync(
            proof, async holder => await binding.CheckAsync(tenantId, patient, holder ?? "", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (failed is { } f)
        {
            return new Outcome(null, f.Error, f.Result);
        }

        var change = await statusLists.SetStatusAsync(tenantId, registration.Record.CredentialId, StatusPurpose.Revocation, true, cancellationToken).ConfigureAwait(false);
        if (!change.IsSuccess)
        {
            return new Outcome(null, change.Error, null);
        }

        await RecordAsync(tenantId, "consent.withdrawn", patient, consentId, cancellationToken).ConfigureAwait(false);
        return new Outcome(new JsonObject
        {
            ["consentId"] = consentId,
            ["status"] = "withdrawn",
            ["statusListCredential"] = statusUrls.ListUrl(tenantId, change.Value.ListId),
            ["statusListIndex"] = change.Value.Index.ToString(CultureInfo.InvariantCulture),
        }, null, null);
    }

    // The tenant's countersignature: what was consented, and the digest of exactly the document the patient signed.
    private static JsonObject Registration(ConsentTerms terms, string registrationId, string digest, DateTimeOffset now) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", ConsentTerms.Context),
        ["id"] = registrationId,
        ["type"] = new JsonArray("VerifiableCredential", ConsentRegistry.RegistrationType),
        ["validFrom"] = ConsentMappings.Time(now),
        ["validUntil"] = ConsentMappings.Time(terms.ValidUntil),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = terms.Patient,
            ["consent"] = new JsonObject
            {
                ["id"] = terms.Id,
                ["digestMultibase"] = digest,
                ["provider"] = terms.Provider,
                ["data"] = new JsonArray([.. terms.Data.Select(d => (JsonNode)d)]),
                ["purpose"] = new JsonArray([.. terms.Purposes.Select(p => (JsonNode)p)]),
            },
        },
    };

    // Audit: the patient and the consent only as the tenant's pseudonyms.
    private async Task RecordAsync(string tenantId, string action, string patient, string consentId, CancellationToken cancellationToken)
    {
        var subject = await pseudonyms.ForAuditAsync(tenantId, patient, cancellationToken).ConfigureAwait(false);
        var consent = await pseudonyms.ForAuditAsync(tenantId, consentId, cancellationToken).ConfigureAwait(false);
        await audit.EnqueueAsync(new AuditEntry(time.GetUtcNow(), tenantId, action, subject, new AuditOutcome("ok") { Consent = consent }.ToString()), cancellationToken).ConfigureAwait(false);
    }

    private static Outcome Fail(string code, string detail) => new(null, new Error(code, detail), null);
}
