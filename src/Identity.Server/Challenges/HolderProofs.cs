// References: W3C Data Integrity 1.0 §2.1 (challenge, domain, proofPurpose authentication), https://www.w3.org/TR/vc-data-integrity/
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Http;

namespace Identity.Server.Challenges;

/// <summary>
/// Checks a holder proof: a presentation without credentials, by an expected holder, signed over a challenge this
/// service issued (unused and unexpired; the verification spends it). What enrolment and consent withdrawal ask of a patient.
/// </summary>
internal sealed class HolderProofs(CredentialVerifier verifier, ServerSettings settings)
{
    /// <summary>Null when the proof is good; otherwise the failure, with the pipeline's verdict when the proof itself failed.</summary>
    /// <param name="checkHolder">Null when the presentation's holder (null when it names none) is the one expected; else why not.
    /// Runs before the challenge is spent, so a proof by someone else costs nobody their challenge.</param>
    public async Task<(Error Error, VerificationResult? Result)?> CheckAsync(
        JsonObject proof, Func<string?, ValueTask<Error?>> checkHolder, CancellationToken cancellationToken)
    {
        if (proof["verifiableCredential"] is JsonArray { Count: > 0 } or JsonObject)
        {
            return (new Error(ErrorCodes.InvalidRequest, "holderProof must be a presentation without credentials."), null);
        }

        var holder = JsonText.String(proof["holder"]) ?? JsonText.String((proof["holder"] as JsonObject)?["id"]);
        if (await checkHolder(holder).ConfigureAwait(false) is { } wrongHolder)
        {
            return (wrongHolder, null);
        }

        var challenge = JsonText.String((proof["proof"] as JsonObject)?["challenge"]);
        if (challenge is null)
        {
            return (new Error(ErrorCodes.ChallengeRequired, "holderProof must be signed over a challenge from POST /challenges."), null);
        }

        // The pipeline spends the challenge (through the ledger) and fails a used or expired one; one it did not issue
        // passes equality only, so freshness is asked of the result.
        var result = await verifier.VerifyPresentationAsync(
            proof, VerificationOptions.Default with { Challenge = challenge, Budget = settings.NewWorkBudget() }, cancellationToken).ConfigureAwait(false);
        if (!result.Verified)
        {
            return (new Error(result.Errors[0].Code, "holderProof did not verify: " + result.Errors[0].Detail), result);
        }

        return result.FreshChallenge == challenge
            ? null
            : (new Error(ErrorCodes.ChallengeUnknown, "holderProof's challenge was not issued by this service; ask POST /challenges for one."), null);
    }
}
