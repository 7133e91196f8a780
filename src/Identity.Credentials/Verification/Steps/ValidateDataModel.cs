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
            var parsed = VerifiablePresentation.Parse(context.Document);
            context.Presentation = parsed.IsSuccess ? parsed.Value : null;
            Record(context, parsed.IsSuccess ? null : parsed.Error, DataModelValidator.ValidatePresentation(context.Document, jsonLd, context.Options.Budget));
        }
        else
        {
            var parsed = VerifiableCredential.Parse(context.Document);
            context.Credential = parsed.IsSuccess ? parsed.Value : null;
            Record(context, parsed.IsSuccess ? null : parsed.Error, DataModelValidator.ValidateCredential(context.Document, jsonLd, context.Options.Budget));
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
