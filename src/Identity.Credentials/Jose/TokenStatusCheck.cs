// References: IETF draft-ietf-oauth-status-list (Token Status List), §6.1 (the status claim), §8.3 Validation Rules,
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;

namespace Identity.Credentials.Jose;

/// <summary>The <c>credentialStatus</c> check of a JOSE token's <c>status</c> claim (Token Status List).</summary>
internal static class TokenStatusCheck
{
    /// <summary>
    /// Records <c>credentialStatus</c> for <paramref name="statusClaim"/>: skipped when the token's signature did not
    /// verify (a forged token's list is not worth fetching; the proof check already failed) or no checker is configured
    /// (with a warning), else the checker's verdict. An absent claim is recorded only when <paramref name="recordAbsent"/>.
    /// </summary>
    public static async ValueTask RunAsync(
        VerificationContext context, ITokenStatusChecker? checker, bool signatureVerified, string? issuer, JsonNode? statusClaim,
        bool recordAbsent, CancellationToken cancellationToken)
    {
        if (statusClaim is null)
        {
            if (recordAbsent)
            {
                context.Skipped(CheckNames.CredentialStatus, "The token has no status claim.");
            }

            return;
        }

        if (!signatureVerified)
        {
            context.Skipped(CheckNames.CredentialStatus, "The status claim was not checked: the token's signature did not verify.");
            return;
        }

        if (checker is null)
        {
            context.Skipped(CheckNames.CredentialStatus, "No status checker is configured for this verifier.");
            context.Warn("the status claim was not checked.");
            return;
        }

        var outcome = await checker.CheckAsync(issuer, statusClaim, context.StatusBudget, cancellationToken).ConfigureAwait(false);
        if (outcome is null)
        {
            context.Passed(CheckNames.CredentialStatus, "Token Status List entry VALID");
        }
        else
        {
            context.Failed(CheckNames.CredentialStatus, outcome);
        }
    }
}
