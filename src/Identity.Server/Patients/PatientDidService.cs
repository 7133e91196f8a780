// References: W3C Verifiable Credential Data Integrity 1.0 §4.4 Verify Proof (challenge, domain, proofPurpose),
//   https://www.w3.org/TR/vc-data-integrity/; vc-di-eddsa eddsa-jcs-2022, https://www.w3.org/TR/vc-di-eddsa/
using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Http;
using Identity.Storage;
using System.Security.Cryptography;

namespace Identity.Server.Patients;

/// <summary>
/// Registers, updates and deactivates patient DIDs. The hospital (tenant key) creates and deactivates; only the patient
/// updates, with a request signed by a key already in the document (docs/patient-dids.md):
/// <c>{did, version, publicKeys, proof}</c>, the proof an <c>authentication</c> Data Integrity proof over the whole
/// body, carrying a fresh single-use challenge from <c>POST /challenges</c> and that challenge's domain.
/// </summary>
internal sealed class PatientDidService(
    IIdentityStore store, PatientDirectory directory, DataIntegrityProofService proofs, TimeProvider time, ServerSettings settings,
    Audit.SubjectPseudonyms pseudonyms)
{
    public async Task<Result<PatientDidRecord>> CreateAsync(string tenantId, string? patientId, JsonNode? publicKeys, CancellationToken cancellationToken)
    {
        var keys = PatientDirectory.ReadKeys(publicKeys);
        if (!keys.IsSuccess)
        {
            return keys.Error!;
        }

        var id = patientId ?? "p-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant().Replace('_', '-');
        var now = time.GetUtcNow();
        var subject = await AuditSubjectAsync(tenantId, id, cancellationToken).ConfigureAwait(false);
        return await store.CreatePatientDidAsync(
            new PatientDidRecord(tenantId, id, [.. keys.Value], 1, now, now),
            new AuditEntry(now, tenantId, "patient.did.created", subject, "ok"),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<Result<PatientDidRecord>> DeactivateAsync(string tenantId, string patientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var subject = await AuditSubjectAsync(tenantId, patientId, cancellationToken).ConfigureAwait(false);
        return await store.DeactivatePatientDidAsync(
            tenantId, patientId, now, new AuditEntry(now, tenantId, "patient.did.deactivated", subject, "ok"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies a signed key update; every refusal is a value with a stable code.</summary>
    public async Task<Result<PatientDidRecord>> UpdateAsync(string tenantId, string patientId, JsonObject request, CancellationToken cancellationToken)
    {
        var current = await directory.GetAsync(tenantId, patientId, cancellationToken).ConfigureAwait(false);
        if (!current.IsSuccess)
        {
            return current.Error!;
        }

        var did = directory.DidOf(tenantId, patientId);
        var shape = ReadShape(request, did);
        if (!shape.IsSuccess)
        {
            return shape.Error!;
        }

        var (version, keys, challenge) = shape.Value;
        if (version != current.Value.Record.Version)
        {
            return new Error(ErrorCodes.VersionConflict, $"The document is at version {current.Value.Record.Version}, not {version}.");
        }

        // Invariant: the signer is a key of this very document, for authentication; the resolver serves the current version.
        // Anyone may post an update, so its proofs are checked on the request's work budget like any verification.
        var expectations = new ProofExpectations
        {
            ProofPurpose = VerificationRelationship.Authentication,
            Challenge = challenge,
            Budget = settings.NewWorkBudget(),
        };
        var verified = await proofs.VerifyAsync(request, expectations, cancellationToken).ConfigureAwait(false);
        if (verified is not [{ Verified: true }])
        {
            var error = verified.FirstOrDefault(v => v.Error is not null)?.Error ?? new Error(ErrorCodes.InvalidProof, "The proof did not verify.");
            return new Error(error.Code, "The update's proof did not verify: " + error.Detail);
        }

        // The challenge is spent only by a correctly signed request, so nobody can burn a patient's challenge for them.
        var consumed = await store.ConsumeChallengeAsync(challenge, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var refused = consumed.State switch
        {
            ChallengeState.Consumed when !string.Equals(consumed.Domain, JsonText.String(request["proof"]?["domain"]), StringComparison.Ordinal) =>
                new Error(ErrorCodes.DomainMismatch, $"The proof's domain must be the challenge's domain, '{consumed.Domain}'."),
            ChallengeState.Consumed => null,
            ChallengeState.AlreadyUsed => new Error(ErrorCodes.ChallengeReused, "This challenge was already used; ask POST /challenges for a new one."),
            ChallengeState.Expired => new Error(ErrorCodes.ChallengeExpired, "This challenge has expired; ask POST /challenges for a new one."),
            _ => new Error(ErrorCodes.ChallengeMismatch, "The challenge was not issued by this service; ask POST /challenges for one."),
        };
        if (refused is not null)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        var subject = await AuditSubjectAsync(tenantId, patientId, cancellationToken).ConfigureAwait(false);
        return await store.UpdatePatientDidKeysAsync(
            tenantId, patientId, version, keys, now, new AuditEntry(now, tenantId, "patient.did.updated", subject, "ok"), cancellationToken).ConfigureAwait(false);
    }

    private static Result<(long Version, string[] Keys, string Challenge)> ReadShape(JsonObject request, string did)
    {
        if (!string.Equals(JsonText.String(request["did"]), did, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.InvalidRequest, $"did must be \"{did}\".");
        }

        if (request["version"] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<long>(out var version))
        {
            return new Error(ErrorCodes.InvalidRequest, "version must be the integer version of the document being replaced.");
        }

        var keys = PatientDirectory.ReadKeys(request["publicKeys"]);
        if (!keys.IsSuccess)
        {
            return keys.Error!;
        }

        if (request["proof"] is not JsonObject proof)
        {
            return new Error(ErrorCodes.InvalidProof, "The update must carry exactly one proof object, signed by a key of the current document.");
        }

        var method = JsonText.String(proof["verificationMethod"]);
        if (method is null || !method.StartsWith(did + "#", StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.KeyMismatch, $"The proof must be made with a verification method of {did}.");
        }

        var challenge = JsonText.String(proof["challenge"]);
        if (challenge is null)
        {
            return new Error(ErrorCodes.ChallengeRequired, "The proof must carry a challenge from POST /challenges.");
        }

        return (version, keys.Value, challenge);
    }

    // The audit names the patient only by the tenant's pseudonym of the full DID (what a search by DID hashes again).
    private Task<string?> AuditSubjectAsync(string tenantId, string patientId, CancellationToken cancellationToken) =>
        pseudonyms.ForAuditAsync(tenantId, directory.DidOf(tenantId, patientId), cancellationToken);
}
