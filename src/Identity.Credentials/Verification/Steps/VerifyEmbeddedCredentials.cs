using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>Runs the credential pipeline over each credential a presentation carries, recording under <c>verifiableCredential[i]</c>;
/// a presentation carrying more than the verifier's limit is refused whole.</summary>
internal sealed class VerifyEmbeddedCredentials(IReadOnlyList<IVerificationStep> credentialSteps, Func<int> maxCredentials) : IVerificationStep
{
    public async ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var presentation = context.Presentation;
        if (presentation is null)
        {
            return;
        }

        // The entries of the verifier's own copy of the presentation, which no step changes: read in place, not copied.
        ImmutableArray<JsonObject> credentials = presentation.OwnedCredentials;
        var max = maxCredentials();
        if (credentials.Length > max)
        {
            context.Failed(CheckNames.DataModel, new Error(ErrorCodes.WorkLimitExceeded,
                $"The presentation carries {credentials.Length} credentials; at most {max} are checked, so none was."));
            return;
        }

        for (var i = 0; i < credentials.Length; i++)
        {
            var embedded = context.ForEmbedded(credentials[i], $"verifiableCredential[{i}]");
            await CredentialVerifier.RunAsync(credentialSteps, embedded, cancellationToken).ConfigureAwait(false);
        }
    }
}
