using Identity.Credentials.Verification;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

/// <summary>Verifies a JWS signature through the DID resolver and files its two-level verdict under the named checks.</summary>
internal static class JwsCheck
{
    /// <summary>
    /// Records <c>issuerResolution</c> (credentials) or <c>verificationMethod</c> (presentations) and <c>proof</c>;
    /// true when the signature verified.
    /// </summary>
    public static async ValueTask<bool> VerifyAsync(
        VerificationContext context, JwsSignerResolution signers, CompactJws jws, string? signer,
        VerificationRelationship relationship, CancellationToken cancellationToken)
    {
        var resolutionCheck = relationship == VerificationRelationship.AssertionMethod ? CheckNames.IssuerResolution : CheckNames.VerificationMethod;
        var outcome = await signers.VerifyAsync(jws, signer, relationship, cancellationToken).ConfigureAwait(false);
        var verdict = outcome.Verdict;
        if (verdict.Reason is UncheckedReason.UnresolvableKey or UncheckedReason.KeyNotAuthorized)
        {
            context.Failed(resolutionCheck, verdict.Error!, verdict.Reason);
            context.Skipped(CheckNames.Proof, "The JWS was not checked: no key of the signer could be found for it.");
            return false;
        }

        if (!verdict.IsValid)
        {
            // Checked and invalid, or not checked for another reason (unusable key, algorithm): fail closed under proof.
            context.Passed(resolutionCheck, signer);
            context.Failed(CheckNames.Proof, verdict.Error!, verdict.Reason);
            return false;
        }

        context.Passed(resolutionCheck, outcome.VerificationMethod);
        context.Passed(CheckNames.Proof, $"{jws.Algorithm} JWS by {outcome.VerificationMethod}");
        return true;
    }

    /// <summary>Records a structural failure of the token itself under <c>proof</c>.</summary>
    public static void Malformed(VerificationContext context, Error error) => context.Failed(CheckNames.Proof, error);
}
