using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Schemas;
using Identity.Credentials.Validation;
using Identity.Credentials.Verification.Steps;
using Identity.Dids;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// Verifies credentials and presentations as a list of small named steps, each recording its checks, and returns the
/// itemised verdict. Bad input never throws: it becomes a failed check with a stable code.
/// </summary>
/// <remarks><threadsafety>Thread-safe: holds only immutable step lists and thread-safe services.</threadsafety></remarks>
public sealed class CredentialVerifier
{
    private readonly TimeProvider _time;
    private readonly ImmutableArray<IVerificationStep> _credentialSteps;
    private readonly ImmutableArray<IVerificationStep> _presentationSteps;

    public CredentialVerifier(
        DataIntegrityProofService proofs,
        TimeProvider time,
        CredentialSchemaRegistry? schemas = null,
        ICredentialStatusChecker? status = null,
        JsonLdProcessor? jsonLd = null)
    {
        ArgumentNullException.ThrowIfNull(proofs);
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _credentialSteps =
        [
            new CheckCompactedForm(jsonLd),
            new ValidateDataModel(presentation: false, jsonLd),
            new CheckRelatedResources(() => RelatedResources),
            new VerifyProofs(proofs, VerificationRelationship.AssertionMethod),
            new CheckPolicy(),
            new CheckValidityPeriod(),
            new ValidateCredentialSchema(schemas),
            new CheckCredentialStatus(status),
        ];
        _presentationSteps =
        [
            new ConsumeChallenge(),
            new CheckCompactedForm(jsonLd),
            new ValidateDataModel(presentation: true, jsonLd),
            new VerifyProofs(proofs, VerificationRelationship.Authentication),
            new CheckChallengeAndDomain(domain: false),
            new CheckChallengeAndDomain(domain: true),
            new CheckHolderBinding(),
            new VerifyEmbeddedCredentials(_credentialSteps, () => MaxPresentationCredentials),
        ];
    }

    /// <summary>The resources whose <c>relatedResource</c> digests are checked (the pinned contexts); null: none checked.</summary>
    public IRelatedResourceSource? RelatedResources { get; init; }

    /// <summary>The most credentials one presentation may carry; a presentation with more fails <c>dataModel</c> with
    /// <c>workLimitExceeded</c> and none of them is checked (default 32).</summary>
    public int MaxPresentationCredentials { get; init; } = 32;

    /// <summary>
    /// The ledger of the challenges this service issued; when set, a presentation spends every challenge it is bound
    /// to (single use), whether or not the caller names it. Null: challenges are checked for equality only.
    /// </summary>
    public IChallengeLedger? Challenges { get; init; }

    /// <summary>Verifies a credential secured with Data Integrity proofs.</summary>
    public ValueTask<VerificationResult> VerifyCredentialAsync(
        JsonNode? credential, VerificationOptions? options = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(_credentialSteps, credential, "credential", options, cancellationToken);

    /// <summary>Verifies a presentation, its proof, challenge, domain and holder binding, and every credential it carries.</summary>
    public ValueTask<VerificationResult> VerifyPresentationAsync(
        JsonNode? presentation, VerificationOptions? options = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(_presentationSteps, presentation, "presentation", options, cancellationToken);

    internal static async ValueTask RunAsync(IReadOnlyList<IVerificationStep> steps, VerificationContext context, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            // A spent budget means the rest could not be checked either; the failed check already says so.
            if (context.Halted || context.Options.Budget?.IsExhausted == true)
            {
                break;
            }

            await step.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<VerificationResult> VerifyAsync(
        ImmutableArray<IVerificationStep> steps, JsonNode? document, string target, VerificationOptions? options, CancellationToken cancellationToken)
    {
        var checks = ImmutableArray.CreateBuilder<VerificationCheck>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        if (document is not JsonObject json)
        {
            checks.Add(VerificationCheck.Failed(CheckNames.DataModel, target, new Error(
                ErrorCodes.DataModelViolation, $"A {target} must be a JSON object.")));
            return new VerificationResult(checks.ToImmutable(), warnings.ToImmutable());
        }

        var context = new VerificationContext(
            (JsonObject)json.DeepClone(), target, options ?? VerificationOptions.Default, _time.GetUtcNow(), checks, warnings)
        {
            Ledger = Challenges,
        };
        await RunAsync(steps, context, cancellationToken).ConfigureAwait(false);
        return new VerificationResult(checks.ToImmutable(), warnings.ToImmutable()) { FreshChallenge = context.FreshChallenge };
    }
}
