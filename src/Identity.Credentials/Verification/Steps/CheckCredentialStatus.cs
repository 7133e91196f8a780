// References: W3C Verifiable Credentials Data Model v2.0 (2025), §4.10 Status, https://www.w3.org/TR/vc-data-model-2.0/#status
namespace Identity.Credentials.Verification.Steps;

/// <summary>Delegates each <c>credentialStatus</c> entry to the configured <see cref="ICredentialStatusChecker"/>.</summary>
internal sealed class CheckCredentialStatus(ICredentialStatusChecker? checker) : IVerificationStep
{
    public async ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var credential = context.Credential;
        if (credential is null || credential.CredentialStatus.IsEmpty)
        {
            context.Skipped(CheckNames.CredentialStatus, "The credential has no credentialStatus.");
            return;
        }

        if (checker is null)
        {
            context.Skipped(CheckNames.CredentialStatus, "No status checker is configured for this verifier.");
            context.Warn("credentialStatus was not checked.");
            return;
        }

        foreach (var entry in credential.CredentialStatus)
        {
            var outcome = await checker.CheckAsync(credential, entry, context.StatusBudget, cancellationToken).ConfigureAwait(false);
            if (outcome is null)
            {
                context.Passed(CheckNames.CredentialStatus);
            }
            else
            {
                context.Failed(CheckNames.CredentialStatus, outcome);
            }
        }
    }
}
