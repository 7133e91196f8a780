namespace Identity.Credentials.Verification.Steps;

/// <summary>Runs the credential pipeline over each credential a presentation carries, recording under <c>verifiableCredential[i]</c>.</summary>
internal sealed class VerifyEmbeddedCredentials(IReadOnlyList<IVerificationStep> credentialSteps) : IVerificationStep
{
    public async ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var presentation = context.Presentation;
        if (presentation is null)
        {
            return;
        }

        for (var i = 0; i < presentation.Credentials.Length; i++)
        {
            var embedded = context.ForEmbedded(presentation.Credentials[i], $"verifiableCredential[{i}]");
            await CredentialVerifier.RunAsync(credentialSteps, embedded, cancellationToken).ConfigureAwait(false);
        }
    }
}
