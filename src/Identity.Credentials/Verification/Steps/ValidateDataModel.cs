// References: W3C Verifiable Credentials Data Model v2.0 (2025), §4 Basic Concepts, https://www.w3.org/TR/vc-data-model-2.0/
using Identity.Credentials.Model;
using Identity.Credentials.Validation;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>Checks the document against the VC data model (with the JSON-LD rules when a processor is given) and parses
/// it into the typed view later steps use.</summary>
internal sealed class ValidateDataModel(bool presentation, JsonLdProcessor? jsonLd = null) : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        if (presentation)
        {
            var parsed = VerifiablePresentation.ParseOwned(context.Document);
            context.Presentation = parsed.IsSuccess ? parsed.Value : null;
            var violations = DataModelValidator.ValidatePresentation(context.Document, jsonLd, context.Options.Budget, out bool expanded);
            Record(context, parsed.IsSuccess ? null : parsed.Error, violations);

            // A conforming VC 2.0 presentation that expanded in full expanded each embedded credential from a clean
            // context: VerifiablePresentation's protected scoped context gives verifiableCredential "@context": null, so
            // each credential was processed under its own @context alone, as its standalone check would process it.
            context.EmbeddedJsonLdChecked = expanded && parsed.IsSuccess && violations.Count == 0 && parsed.Value.Version == VcVersion.V2_0;
        }
        else
        {
            var parsed = VerifiableCredential.ParseOwned(context.Document);
            context.Credential = parsed.IsSuccess ? parsed.Value : null;
            Record(context, parsed.IsSuccess ? null : parsed.Error,
                DataModelValidator.ValidateCredential(context.Document, context.JsonLdChecked ? null : jsonLd, context.Options.Budget));
        }

        return ValueTask.CompletedTask;
    }

    private static void Record(VerificationContext context, Error? parseError, IReadOnlyList<Error> violations)
    {
        if (parseError is not null)
        {
            context.Failed(CheckNames.DataModel, parseError);
            context.Halted = true;
            return;
        }

        if (violations.Count == 0)
        {
            context.Passed(CheckNames.DataModel);
            return;
        }

        // A document too costly to process could not be checked: that, not a violation, is the verdict.
        if (violations.FirstOrDefault(v => v.Code == ErrorCodes.WorkLimitExceeded) is { } limit)
        {
            context.Failed(CheckNames.DataModel, limit);
            return;
        }

        var detail = string.Join(" ", violations.Select(v => v.Detail));
        context.Failed(CheckNames.DataModel, new Error(violations[0].Code, detail));
    }
}
