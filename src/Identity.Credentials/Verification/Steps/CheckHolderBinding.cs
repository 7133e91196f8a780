using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Every credential in a presentation must be about its holder: the holder must be one of the credential's subject ids.
/// The holder is the effective one (<see cref="VerificationContext.EffectiveHolder"/>): the <c>holder</c> that
/// authenticated, or, when the presentation names none, the presenter whose proof verified. Deliberately strict (a
/// healthcare policy, see docs/conformance.md): a credential about someone else fails, even though the data model allows it.
/// <see cref="VerifierPolicy.HolderBinding"/> <c>none</c> turns the check off (skipped), as the data model allows.
/// A credential whose subjects carry no id is a bearer credential; it passes with a warning. (Several peer libraries do
/// not check this at all; a stolen credential wrapped in the thief's own signed presentation would pass them.)
/// </summary>
internal sealed class CheckHolderBinding : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var credentials = context.Presentation?.OwnedCredentials ?? [];
        if (credentials.IsEmpty)
        {
            context.Skipped(CheckNames.HolderBinding, "The presentation carries no credentials.");
            return ValueTask.CompletedTask;
        }

        if (context.Options.Policy.HolderBinding == HolderBindingPolicy.None)
        {
            context.Skipped(CheckNames.HolderBinding, "The verifier's policy requires no holder binding (holderBinding: none).");
            return ValueTask.CompletedTask;
        }

        if (context.EffectiveHolder is not { } holder)
        {
            context.Failed(CheckNames.HolderBinding, new Error(ErrorCodes.HolderMismatch,
                "No holder authenticated (no valid presentation proof by the holder or, without a holder, by a single presenter), so its credentials are bound to no one."));
            return ValueTask.CompletedTask;
        }

        for (var i = 0; i < credentials.Length; i++)
        {
            var credential = Model.VerifiableCredential.ParseOwned(credentials[i]);
            if (!credential.IsSuccess)
            {
                continue; // The embedded credential's own dataModel check reports this.
            }

            var subjects = credential.Value.SubjectIds.Where(id => id is not null).ToList();
            if (subjects.Count == 0)
            {
                context.Warn($"verifiableCredential[{i}] is a bearer credential (no subject id); anyone holding it can present it.");
                context.Passed(CheckNames.HolderBinding, $"verifiableCredential[{i}] names no subject id.");
            }
            else if (subjects.Contains(holder, StringComparer.Ordinal))
            {
                context.Passed(CheckNames.HolderBinding, $"verifiableCredential[{i}] is about the holder {holder}.");
            }
            else
            {
                context.Failed(CheckNames.HolderBinding, new Error(
                    ErrorCodes.HolderMismatch,
                    $"verifiableCredential[{i}] is about '{string.Join("', '", subjects)}', not the holder '{holder}'."));
            }
        }

        return ValueTask.CompletedTask;
    }
}
