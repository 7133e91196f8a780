// References: W3C Verifiable Credential Data Integrity 1.0 (2025), §4.4 Verify Proof and §4.6 Verify Proof Sets and Chains,
// https://www.w3.org/TR/vc-data-integrity/
using Identity.Credentials.DataIntegrity;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Verification.Steps;

/// <summary>
/// Verifies every Data Integrity proof and sorts each outcome into exactly one check: DID resolution failures under
/// <c>issuerResolution</c> (credentials) or <c>verificationMethod</c> (presentations), a method not authorised for the
/// proof purpose or not controlled by the issuer/holder under <c>verificationMethod</c>, everything else under <c>proof</c>.
/// </summary>
internal sealed class VerifyProofs(DataIntegrityProofService proofs, VerificationRelationship purpose) : IVerificationStep
{
    private static readonly HashSet<string> s_resolutionCodes =
    [
        ErrorCodes.InvalidDid, ErrorCodes.InvalidDidUrl, ErrorCodes.NotFound, ErrorCodes.MethodNotSupported,
        ErrorCodes.RepresentationNotSupported, ErrorCodes.InvalidDidDocument,
    ];

    public async ValueTask ExecuteAsync(VerificationContext context, CancellationToken cancellationToken)
    {
        var forCredential = purpose == VerificationRelationship.AssertionMethod;
        var resolutionCheck = forCredential ? CheckNames.IssuerResolution : CheckNames.VerificationMethod;
        var controller = forCredential ? context.Credential?.IssuerId : context.Presentation?.HolderId;

        var outcomes = await proofs.VerifyAsync(
            context.Document, new ProofExpectations { ProofPurpose = purpose }, cancellationToken).ConfigureAwait(false);
        if (outcomes.Count == 0)
        {
            context.Failed(CheckNames.Proof, new Error(ErrorCodes.InvalidProof, "The document has no proof."));
            return;
        }

        foreach (var outcome in outcomes)
        {
            var code = outcome.Error?.Code;
            if (code is not null && s_resolutionCodes.Contains(code))
            {
                context.Failed(resolutionCheck, outcome.Error!);
                context.Skipped(CheckNames.Proof, $"Proof {Describe(outcome)} was not checked: its verification method did not resolve.");
                continue;
            }

            if (forCredential)
            {
                context.Passed(CheckNames.IssuerResolution, outcome.VerificationMethod);
            }

            var controllerError = CheckController(outcome, controller, forCredential);
            if (code == ErrorCodes.KeyMismatch || controllerError is not null)
            {
                context.Failed(CheckNames.VerificationMethod, controllerError ?? outcome.Error!);
                context.Skipped(CheckNames.Proof, $"Proof {Describe(outcome)} was not checked: its verification method may not be used here.");
                continue;
            }

            context.Passed(CheckNames.VerificationMethod, outcome.VerificationMethod);
            if (outcome.Verified)
            {
                context.Passed(CheckNames.Proof, $"{outcome.Cryptosuite} proof by {outcome.VerificationMethod}");
            }
            else
            {
                context.Failed(CheckNames.Proof, outcome.Error ?? new Error(ErrorCodes.InvalidProof, $"Proof {Describe(outcome)} is invalid."));
            }
        }
    }

    // A credential's proof must come from its issuer, a presentation's from its holder: anyone else's valid key proves nothing.
    private static Error? CheckController(ProofVerification outcome, string? controller, bool forCredential)
    {
        if (outcome.VerificationMethod is null || !DidUrl.TryParse(outcome.VerificationMethod, out var url))
        {
            return null;
        }

        var role = forCredential ? "issuer" : "holder";
        if (controller is null)
        {
            return forCredential ? null : new Error(ErrorCodes.HolderMismatch, "The presentation has no holder to match its proof against.");
        }

        return string.Equals(url.Did.Value, controller, StringComparison.Ordinal)
            ? null
            : new Error(ErrorCodes.IssuerMismatch, $"The proof's verification method belongs to '{url.Did.Value}', not to the {role} '{controller}'.");
    }

    private static string Describe(ProofVerification outcome) => outcome.ProofId ?? outcome.VerificationMethod ?? "(unnamed)";
}
