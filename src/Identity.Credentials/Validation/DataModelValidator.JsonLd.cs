// References:
//   W3C Verifiable Credentials Data Model v2.0, §4.3 Contexts and §5.2 Extensibility (terms must be defined; protected
//     terms cannot be redefined) — https://www.w3.org/TR/vc-data-model-2.0/#contexts
//   JSON-LD 1.1 Processing Algorithms and API, §4.1 Context Processing (protected term redefinition, invalid IRI mapping)
//     — https://www.w3.org/TR/json-ld11-api/#context-processing-algorithm

using System.Text.Json.Nodes;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    private static readonly JsonLdOptions s_jsonLdOptions = new() { RequireMappedTypes = true };

    /// <summary>
    /// Validates a verifiable credential, including the rules that need JSON-LD processing: the document must expand
    /// under JSON-LD 1.1 (no protected-term redefinition, no invalid term definition) and every type must map to an IRI
    /// (so <c>"@vocab": null</c> cannot leave a type undefined).
    /// </summary>
    /// <param name="node">The credential.</param>
    /// <param name="jsonLd">The processor (contexts from the offline store); null skips the JSON-LD rules.</param>
    /// <param name="budget">The request's work budget for the expansion; null for none. When it runs out the result
    /// holds a <c>workLimitExceeded</c> error: the document could not be checked.</param>
    /// <returns>Every violation found; empty when the credential conforms.</returns>
    /// <remarks>A context that is not in the offline store cannot be checked; the JSON-LD rules are then skipped (the RDF
    /// cryptosuites refuse such a document anyway, and the JCS suites do not need its contexts).</remarks>
    public static IReadOnlyList<Error> ValidateCredential(JsonNode? node, JsonLdProcessor? jsonLd, WorkBudget? budget = null)
    {
        List<Error> errors = Run(node, "credential", string.Empty, s_credentialRules);
        AddJsonLdViolations(node, jsonLd, budget, errors);
        return errors;
    }

    /// <summary>Validates a verifiable presentation and its credentials, with the JSON-LD rules of
    /// <see cref="ValidateCredential(JsonNode?, JsonLdProcessor?, WorkBudget?)"/> over the whole presentation.</summary>
    public static IReadOnlyList<Error> ValidatePresentation(JsonNode? node, JsonLdProcessor? jsonLd, WorkBudget? budget = null) =>
        ValidatePresentation(node, jsonLd, budget, out _);

    /// <summary>As <see cref="ValidatePresentation(JsonNode?, JsonLdProcessor?, WorkBudget?)"/>; <paramref name="expanded"/>
    /// says whether the whole presentation expanded (false when a context was unavailable or no processor was given).</summary>
    internal static IReadOnlyList<Error> ValidatePresentation(JsonNode? node, JsonLdProcessor? jsonLd, WorkBudget? budget, out bool expanded)
    {
        List<Error> errors = Run(node, "presentation", string.Empty, s_presentationRules);
        expanded = AddJsonLdViolations(node, jsonLd, budget, errors);
        return errors;
    }

    // True when the document expanded in full.
    private static bool AddJsonLdViolations(JsonNode? node, JsonLdProcessor? jsonLd, WorkBudget? budget, List<Error> errors)
    {
        if (jsonLd is null || node is not JsonObject)
        {
            return false;
        }

        // A context outside the offline store cannot be judged here (see the remarks above); the processor says so by
        // kind. Running out of work decides nothing, so it fails closed with the processor's own code.
        JsonLdOptions options = budget is null ? s_jsonLdOptions : s_jsonLdOptions with { Budget = budget };
        if (jsonLd.TryValidate(node, options, out JsonLdFailure? failure))
        {
            return true;
        }

        if (failure.Kind == JsonLdFailureKind.ContextUnavailable)
        {
            return false;
        }

        if (failure.Kind == JsonLdFailureKind.WorkLimitExceeded)
        {
            errors.Add(failure.Error);
            return false;
        }

        // The JSON-LD detail names the error code and the term, never a claim value.
        errors.Add(new Error(ErrorCodes.DataModelViolation, $"@context: the document is not valid JSON-LD 1.1: {failure.Error.Detail}"));
        return false;
    }
}
