// References:
//   W3C Verifiable Credentials Data Model v2.0 (W3C Recommendation, 15 May 2025), §4 Basic Concepts and §1.3 Conformance
//     — https://www.w3.org/TR/vc-data-model-2.0/
//   W3C Verifiable Credentials Data Model v1.1 (W3C Recommendation, 3 March 2022) — https://www.w3.org/TR/vc-data-model/

using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Validation;

/// <summary>
/// Checks that a credential or presentation is a conforming document of the VC Data Model (2.0, or 1.1 when its first
/// <c>@context</c> is <see cref="VcContexts.V1"/>), as a list of small rules, each reporting its own errors.
/// </summary>
/// <remarks>
/// <para>Every error has the code <see cref="ErrorCodes.DataModelViolation"/> and a detail naming the property's path.
/// All rules run, so one pass reports every violation. An empty list means the document conforms.</para>
/// <para>Works on the JSON tree only; rules that need JSON-LD processing (protected-term redefinition, terms the
/// contexts do not define, <c>@vocab</c>) are out of scope here. Time is not consulted: whether a credential is valid
/// <em>now</em> is the verifier's check, with an injected <see cref="TimeProvider"/>.</para>
/// <threadsafety>Stateless; safe to call from any thread. Do not mutate the node while it is being validated.</threadsafety>
/// </remarks>
public static partial class DataModelValidator
{
    private static readonly ImmutableArray<Action<ValidationContext>> s_credentialRules =
    [
        ValidateContext,
        ValidateCredentialType,
        ValidateDocumentId,
        ValidateIssuer,
        ValidateCredentialSubject,
        ValidateValidityPeriod,
        ValidateNamesAndDescriptions,
        ValidateCredentialStatus,
        ValidateCredentialSchema,
        ValidateEvidence,
        ValidateRefreshService,
        ValidateTermsOfUse,
        ValidateRelatedResource,
        ValidateProof,
    ];

    private static readonly ImmutableArray<Action<ValidationContext>> s_presentationRules =
    [
        ValidateContext,
        ValidatePresentationType,
        ValidateDocumentId,
        ValidateHolder,
        ValidateTermsOfUse,
        ValidateProof,
        ValidateVerifiableCredentials,
    ];

    /// <summary>Validates a verifiable credential.</summary>
    /// <returns>Every violation found; empty when the credential conforms.</returns>
    public static IReadOnlyList<Error> ValidateCredential(JsonNode? node) => Run(node, "credential", string.Empty, s_credentialRules);

    /// <summary>Validates a verifiable presentation and each credential embedded in it.</summary>
    /// <returns>Every violation found; empty when the presentation and its credentials conform.</returns>
    public static IReadOnlyList<Error> ValidatePresentation(JsonNode? node) => Run(node, "presentation", string.Empty, s_presentationRules);

    private static List<Error> Run(JsonNode? node, string what, string pathPrefix, ImmutableArray<Action<ValidationContext>> rules)
    {
        var errors = new List<Error>();
        if (node is not JsonObject document)
        {
            errors.Add(new Error(ErrorCodes.DataModelViolation, $"{(pathPrefix.Length == 0 ? "$" : pathPrefix.TrimEnd('.'))}: a {what} must be a JSON object."));
            return errors;
        }

        var context = new ValidationContext(document, VcContexts.VersionOf(document["@context"]), pathPrefix, errors);
        foreach (Action<ValidationContext> rule in rules)
        {
            rule(context);
        }

        return errors;
    }

    /// <summary>Validates a credential embedded in a presentation, reporting into the presentation's list.</summary>
    private static void ValidateEmbeddedCredential(ValidationContext presentation, JsonNode? entry, string path) =>
        presentation.Errors.AddRange(Run(entry, "credential", presentation.PathPrefix + path + ".", s_credentialRules));
}
