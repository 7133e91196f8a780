// References: W3C Verifiable Credentials Data Model v2.0, §5.3 Integrity of Related Resources,
//   https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources
using System.Text.Json.Nodes;
using Identity.Credentials.Validation;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Checks <c>relatedResource</c> digests against the resources the verifier holds (its pinned contexts); nothing is
/// fetched. A mismatch fails the check; resources it does not hold are listed in a warning and left unchecked.
/// Documents without <c>relatedResource</c> get no check.
/// </summary>
internal sealed class CheckRelatedResources(Func<IRelatedResourceSource?> source) : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        if (context.Document is not { } document || !document.ContainsKey("relatedResource") || source() is not { } resources)
        {
            return ValueTask.CompletedTask;
        }

        var outcome = RelatedResourceIntegrity.Check(document, resources);
        if (outcome.Unchecked.Length > 0)
        {
            context.Warn($"relatedResource digests not checked (the resource is not held here and is never fetched): {string.Join(", ", outcome.Unchecked)}.");
        }

        if (outcome.Mismatch is { } mismatch)
        {
            context.Failed(CheckNames.RelatedResource, mismatch);
        }
        else if (outcome.Checked.Length > 0)
        {
            context.Passed(CheckNames.RelatedResource, $"digests match: {string.Join(", ", outcome.Checked)}");
        }
        else
        {
            context.Skipped(CheckNames.RelatedResource, "none of the related resources is held here; nothing is fetched.");
        }

        return ValueTask.CompletedTask;
    }
}
