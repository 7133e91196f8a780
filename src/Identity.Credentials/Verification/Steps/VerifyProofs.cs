// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §4.4 Verify Proof and §4.6 Verify Proof Sets and Chains,
//   https://www.w3.org/TR/vc-data-integrity/ ; W3C Verifiable Credentials Data Model v2.0, §4.13 Verifiable Presentations
//   (holder is optional), https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
using Identity.Credentials.DataIntegrity;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Verifies every Data Integrity proof and files each two-level outcome (<see cref="ProofVerdict"/>) under exactly one check: a key that could not be found under
/// <c>issuerResolution</c> (credentials) or <c>verificationMethod</c> (presentations), a method its controller's DID
/// document does not authorise for the proof purpose (or the suite cannot use) under <c>verificationMethod</c>, everything else under <c>proof</c>.
/// Then it checks who signed: see <see cref="CheckIssuerControl"/> and <see cref="CheckHolderControl"/>.
/// </summary>
/// <remarks>
/// Every proof must verify, whoever made it (a proof set or chain may hold proofs by others, e.g. a notary's). Only
/// the signer check asks that one of them be the issuer's (credentials) or the holder's (presentations).
/// </remarks>
internal sealed class VerifyProofs(DataIntegrityProofService proofs, VerificationRelationship purpose) : IVerificationStep
{
    /// <summary>The warning given for a credential whose issuer is not a DID; providers must allow-list such issuers.</summary>
    internal const string UncheckedIssuerWarning =
        "The issuer '{0}' is not a DID, so whether it controls the key of the proof cannot be checked: the proof shows only "
        + "that the credential is unchanged since that key signed it. Accept it only from issuers you trust by allow-list.";

    public async ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var forCredential = purpose == VerificationRelationship.AssertionMethod;
        var resolutionCheck = forCredential ? CheckNames.IssuerResolution : CheckNames.VerificationMethod;

        var outcomes = await proofs.VerifyAsync(
            context.Document, new ProofExpectations { ProofPurpose = purpose, Budget = context.Options.Budget }, cancellationToken).ConfigureAwait(false);
        if (outcomes.Count == 0)
        {
            context.Failed(CheckNames.Proof, new Error(ErrorCodes.InvalidProof, "The document has no proof."));
            return;
        }

        // The DIDs whose keys made a proof that verified, in document order, with the verification method used.
        var signers = new List<(string Did, string Method)>();
        foreach (var outcome in outcomes)
        {
            // Where an outcome lands follows its typed level: a key that could not be found or may not be used is a
            // resolution / verification-method failure and the signature is unchecked; anything else is the proof's.
            var verdict = outcome.Verdict;
            if (verdict.Reason == UncheckedReason.UnresolvableKey)
            {
                context.Failed(resolutionCheck, verdict.Error!, verdict.Reason);
                context.Skipped(CheckNames.Proof, $"Proof {Describe(outcome)} was not checked: its verification method did not resolve.");
                continue;
            }

            if (forCredential)
            {
                context.Passed(CheckNames.IssuerResolution, outcome.VerificationMethod);
            }

            if (verdict.Reason == UncheckedReason.KeyNotAuthorized)
            {
                context.Failed(CheckNames.VerificationMethod, verdict.Error!, verdict.Reason);
                context.Skipped(CheckNames.Proof, $"Proof {Describe(outcome)} was not checked: its verification method may not be used here.");
                continue;
            }

            context.Passed(CheckNames.VerificationMethod, outcome.VerificationMethod);
            if (verdict.IsValid)
            {
                context.Passed(CheckNames.Proof, $"{outcome.Cryptosuite} proof by {outcome.VerificationMethod}");
                if (outcome.VerificationMethod is { } method && DidUrl.TryParse(method, out var url))
                {
                    signers.Add((url.Did.Value, method));
                }
            }
            else
            {
                // Not checked for any other reason (malformed, unsupported, key unavailable or unusable, document, work limit) fails
                // closed under proof, as does a checked, invalid proof.
                context.Failed(CheckNames.Proof, verdict.Error!, verdict.Reason);
            }
        }

        if (forCredential)
        {
            CheckIssuerControl(context, signers);
        }
        else
        {
            CheckHolderControl(context, signers);
        }
    }

    /// <summary>
    /// A DID issuer must have made at least one of the valid proofs (else <c>issuerMismatch</c>). An issuer that is not
    /// a DID (an https URL) has no DID document to say which keys it controls: the check is skipped with a warning.
    /// </summary>
    private static void CheckIssuerControl(VerificationContext context, List<(string Did, string Method)> signers)
    {
        if (context.Credential?.IssuerId is not { } issuer || signers.Count == 0)
        {
            return; // No issuer is a dataModel failure; no valid proof is already a proof failure.
        }

        if (!Did.TryParse(issuer, out _))
        {
            context.Skipped(CheckNames.VerificationMethod, $"The issuer '{issuer}' is not a DID; its control of the proof's key cannot be checked.");
            context.Warn(string.Format(System.Globalization.CultureInfo.InvariantCulture, UncheckedIssuerWarning, issuer));
            return;
        }

        var byIssuer = signers.FirstOrDefault(s => string.Equals(s.Did, issuer, StringComparison.Ordinal));
        if (byIssuer.Method is not null)
        {
            context.Passed(CheckNames.VerificationMethod, $"The issuer {issuer} made the proof by {byIssuer.Method}.");
            return;
        }

        context.Failed(CheckNames.VerificationMethod, new Error(ErrorCodes.IssuerMismatch,
            $"No valid proof is by the issuer '{issuer}': the proofs that verify were made with keys of '{string.Join("', '", signers.Select(s => s.Did).Distinct())}'."));
    }

    /// <summary>
    /// A presentation with a <c>holder</c> needs a valid authentication proof by that holder (else <c>holderMismatch</c>).
    /// Without one (VC DM 2.0 makes it optional), the presenter who authenticated is the controller of the proof's
    /// verification method: that DID becomes the effective holder, provided every valid proof names the same one.
    /// </summary>
    private static void CheckHolderControl(VerificationContext context, List<(string Did, string Method)> signers)
    {
        if (signers.Count == 0)
        {
            return; // No valid proof: the proof check has failed, and there is no authenticated presenter.
        }

        if (context.Presentation?.HolderId is { } holder)
        {
            var byHolder = signers.FirstOrDefault(s => string.Equals(s.Did, holder, StringComparison.Ordinal));
            if (byHolder.Method is null)
            {
                context.Failed(CheckNames.VerificationMethod, new Error(ErrorCodes.HolderMismatch,
                    $"No valid proof is by the holder '{holder}': the proofs that verify were made with keys of '{string.Join("', '", signers.Select(s => s.Did).Distinct())}'."));
                return;
            }

            context.EffectiveHolder = holder;
            context.Passed(CheckNames.VerificationMethod, $"The holder {holder} made the proof by {byHolder.Method}.");
            return;
        }

        var presenters = signers.Select(s => s.Did).Distinct(StringComparer.Ordinal).ToList();
        if (presenters.Count > 1)
        {
            context.Failed(CheckNames.VerificationMethod, new Error(ErrorCodes.HolderMismatch,
                $"The presentation names no holder and its proofs are by several controllers ('{string.Join("', '", presenters)}'), so its presenter is ambiguous."));
            return;
        }

        context.EffectiveHolder = presenters[0];
        context.Passed(CheckNames.VerificationMethod,
            $"The presentation names no holder; its presenter is {presenters[0]}, the controller of {signers[0].Method}.");
    }

    private static string Describe(ProofVerification outcome) => outcome.ProofId ?? outcome.VerificationMethod ?? "(unnamed)";
}
