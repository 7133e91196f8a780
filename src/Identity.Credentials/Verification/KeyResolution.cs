// References: W3C Decentralized Identifiers v1.0 §5.2 Verification Methods and §5.3 Verification Relationships,
//   https://www.w3.org/TR/did-core/#verification-methods ; W3C Verifiable Credential Data Integrity 1.0 (2025), §4.4
//   Verify Proof (retrieve the verification method), https://www.w3.org/TR/vc-data-integrity/#verify-proof
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// Finds the public key of a verification method for a relationship and, when it cannot, says why in the typed outer
/// level of a <see cref="ProofVerdict"/>: where each failure arises decides its <see cref="UncheckedReason"/>.
/// </summary>
internal static class KeyResolution
{
    /// <summary>
    /// The key of <paramref name="methodId"/> (a DID URL with a fragment); or not checked because the reference is not a
    /// method reference, the DID does not resolve or its document lacks the method (<see cref="UncheckedReason.UnresolvableKey"/>),
    /// the method is not authorised for <paramref name="relationship"/> (<see cref="UncheckedReason.KeyNotAuthorized"/>), or
    /// its key material cannot be decoded (<see cref="UncheckedReason.UnusableKey"/>).
    /// </summary>
    public static async ValueTask<(VerificationMethod? Method, PublicKey? Key, ProofVerdict? NotChecked)> ResolveAsync(
        IDidResolver resolver, string methodId, VerificationRelationship relationship, CancellationToken cancellationToken)
    {
        Result<DidUrl> url = DidUrl.Parse(methodId);
        if (!url.IsSuccess)
        {
            return (null, null, ProofVerdict.NotChecked(UncheckedReason.UnresolvableKey, url.Error));
        }

        if (url.Value.Fragment is null || url.Value.Path.Length > 0 || url.Value.Query is not null)
        {
            return (null, null, ProofVerdict.NotChecked(UncheckedReason.UnresolvableKey,
                new Error(ErrorCodes.InvalidDidUrl, $"'{methodId}' is not a verification method reference (did:…#fragment).")));
        }

        DidResolutionResult resolution = await resolver.ResolveAsync(url.Value.Did.Value, null, cancellationToken).ConfigureAwait(false);
        if (!resolution.IsSuccess)
        {
            return (null, null, NotResolved(resolution));
        }

        return FromDocument(resolution.Document!, methodId, relationship);
    }

    /// <summary>Why a failed resolution leaves the proof unchecked: the resolver's answer about the DID, or no answer.</summary>
    public static ProofVerdict NotResolved(DidResolutionResult resolution) => ProofVerdict.NotChecked(
        resolution.IsResolutionError ? UncheckedReason.UnresolvableKey : UncheckedReason.KeyUnavailable, resolution.Error!);

    /// <summary>As <see cref="ResolveAsync"/> over a document already resolved.</summary>
    public static (VerificationMethod? Method, PublicKey? Key, ProofVerdict? NotChecked) FromDocument(
        DidDocument document, string methodId, VerificationRelationship relationship)
    {
        Result<VerificationMethod> found = document.FindVerificationMethod(methodId, relationship);
        if (!found.IsSuccess)
        {
            bool present = document.FindVerificationMethod(methodId).IsSuccess;
            return (null, null, ProofVerdict.NotChecked(present ? UncheckedReason.KeyNotAuthorized : UncheckedReason.UnresolvableKey, found.Error));
        }

        Result<PublicKey> key = found.Value.GetPublicKey();
        return key.IsSuccess
            ? (found.Value, key.Value, null)
            : (found.Value, null, ProofVerdict.NotChecked(UncheckedReason.UnusableKey, key.Error));
    }
}
