// References: W3C Data Integrity EdDSA / ECDSA Cryptosuites v1.0 §3.2 (the RDFC suites sign RDF, the checks read JSON),
//   https://www.w3.org/TR/vc-di-eddsa/ ; docs/errors/jsonLdNotCompacted.md
using Identity.Credentials.Validation;
using Identity.JsonLd;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// A document with an RDFC proof must be in compacted form, so that the later steps, which read its JSON members, read
/// exactly what the proof signs (<see cref="CompactedForm"/>). Runs first, so a respelled document is reported as
/// <c>jsonLdNotCompacted</c> even when its JSON no longer parses as a credential, and halts the run when it fails: what
/// the later steps would read is not what the proof signs, so they are not worth their work (a hostile document is
/// refused before it is expanded for the data model or canonicalized). Records nothing for a
/// document without RDFC proofs, or when the verifier has no JSON-LD processor (the RDFC suites then cannot verify).
/// </summary>
internal sealed class CheckCompactedForm(JsonLdProcessor? jsonLd) : IVerificationStep
{
    public ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        if (jsonLd is null || !CompactedForm.IsRdfSecured(context.Document))
        {
            return ValueTask.CompletedTask;
        }

        if (CompactedForm.CheckSecured(context.Document, jsonLd, context.Options.Budget) is { } error)
        {
            context.Failed(CheckNames.CompactedForm, error);
            context.Halted = true;
        }
        else
        {
            context.Passed(CheckNames.CompactedForm);
        }

        return ValueTask.CompletedTask;
    }
}
