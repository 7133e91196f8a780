// References: biometrics.md ("The contract", "What goes into the VC"); W3C VC Data Model 2.0; W3C Data Integrity 1.0
//   §2.1 (challenge, domain, proofPurpose authentication).
using System.Buffers.Text;
using System.Text.Json.Nodes;
using Identity.Biometrics;
using Identity.Biometrics.Captures;
using Identity.Credentials.Schemas;
using Identity.Credentials.Verification;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Tenants;
using Identity.Storage;
using System.Security.Cryptography;

namespace Identity.Server.Biometrics;

/// <summary>
/// Enrols a patient: checks the holder proof (a presentation without credentials, by the subject, over a challenge
/// this service issued, usable once), turns one to five captures into a protected record, and issues the
/// <c>BiometricBindingCredential</c> that points to it, storing record and credential together.
/// </summary>
internal sealed class EnrollmentService(
    Challenges.HolderProofs holderProofs,
    BiometricProtectors protectors,
    IssuanceService issuance,
    TenantDirectory directory,
    BiometricWork work,
    TimeProvider time)
{
    public const string CredentialType = "BiometricBindingCredential";
    public const string BindingType = "BiometricTemplateProtection2024";
    public const string HealthContext = "https://identity.example/ns/health/v1";
    public const string SchemaId = "https://identity.example/schemas/credentials/BiometricBindingCredential.schema.json";

    /// <summary>The outcome: the credential, or an error with the holder proof's checks when that proof failed.</summary>
    public sealed record Outcome(JsonObject? Credential, Error? Error, VerificationResult? HolderProof);

    public async Task<Outcome> EnrollAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        var subject = JsonText.String(request["subject"]);
        if (subject is null || !Did.TryParse(subject, out _))
        {
            return Fail(ErrorCodes.InvalidRequest, "subject must be the patient's DID.");
        }

        if (request["holderProof"] is not JsonObject proof)
        {
            return Fail(ErrorCodes.InvalidRequest, "holderProof must be a verifiable presentation (a JSON object) signed by the patient.");
        }

        if (!BiometricModalities.TryParse(JsonText.String(request["modality"]), out var modality))
        {
            return Fail(ErrorCodes.InvalidRequest, "modality must be \"iris\" or \"face\".");
        }

        if (request["captures"] is not JsonArray captureNodes || captureNodes.Count is 0 or > BiometricProtector.MaxCaptures)
        {
            return Fail(ErrorCodes.InvalidBiometricCapture, $"captures must be an array of 1 to {BiometricProtector.MaxCaptures} captures.");
        }

        if (await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false) is null)
        {
            return Fail(ErrorCodes.NotFound, $"There is no tenant '{tenantId}'.");
        }

        var captures = new List<BiometricCapture>(captureNodes.Count);
        try
        {
            for (int i = 0; i < captureNodes.Count; i++)
            {
                var capture = CaptureReader.Read(captureNodes[i], $"captures[{i}]");
                if (!capture.IsSuccess)
                {
                    return new Outcome(null, capture.Error, null);
                }

                captures.Add(capture.Value);
                if (capture.Value.Modality != modality)
                {
                    return Fail(ErrorCodes.InvalidBiometricCapture, $"captures[{i}] is not in the format of modality \"{modality.Name()}\".");
                }
            }

            // Input is well-formed; only now spend the holder's challenge.
            var holderCheck = await CheckHolderProofAsync(proof, subject, cancellationToken).ConfigureAwait(false);
            if (holderCheck is not null)
            {
                return holderCheck;
            }

            var protector = await protectors.ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
            if (!protector.IsSuccess)
            {
                return new Outcome(null, protector.Error, null);
            }

            var record = await work.RunAsync(() => protector.Value.Enroll(modality, captures, subject), cancellationToken).ConfigureAwait(false);
            if (!record.IsSuccess)
            {
                return new Outcome(null, record.Error, null);
            }

            var recordId = "bio-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            var credentialId = $"urn:uuid:{Guid.NewGuid()}";
            var now = time.GetUtcNow();
            var stored = new StoredBiometricRecord(tenantId, recordId, credentialId, record.Value.ToBytes(), now);
            var credential = new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", HealthContext),
                ["id"] = credentialId,
                ["type"] = new JsonArray("VerifiableCredential", CredentialType),
                ["issuer"] = directory.DidWebOf(tenantId),
                ["validFrom"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["credentialSchema"] = new JsonObject { ["id"] = SchemaId, ["type"] = CredentialSchemaRegistry.JsonSchemaType },
                ["credentialSubject"] = new JsonObject
                {
                    ["id"] = subject,
                    ["biometricBinding"] = new JsonObject
                    {
                        ["type"] = BindingType,
                        ["scheme"] = record.Value.SchemeId,
                        ["modality"] = modality.Name(),
                        ["recordId"] = recordId,
                        ["recordDigest"] = "u" + record.Value.Digest(),
                    },
                },
            };
            var issued = await issuance.IssueAsync(tenantId, new JsonObject { ["credential"] = credential }, cancellationToken, stored).ConfigureAwait(false);
            return issued.IsSuccess ? new Outcome(issued.Value, null, null) : new Outcome(null, issued.Error, null);
        }
        finally
        {
            foreach (var capture in captures)
            {
                capture.Dispose();
            }
        }
    }

    // Null when the proof is good; otherwise the failure. The challenge must be one this service issued, unused and unexpired.
    private async Task<Outcome?> CheckHolderProofAsync(JsonObject proof, string subject, CancellationToken cancellationToken)
    {
        var failed = await holderProofs.CheckAsync(
            proof,
            holder => ValueTask.FromResult(holder == subject ? null : new Error(ErrorCodes.HolderMismatch, "holderProof must be made by the subject: its holder is not the enrolled DID.")),
            cancellationToken).ConfigureAwait(false);
        return failed is { } f ? new Outcome(null, f.Error, f.Result) : null;
    }

    private static Outcome Fail(string code, string detail) => new(null, new Error(code, detail), null);
}
