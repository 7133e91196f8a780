// References: RFC 7515 §4.1.4 (kid), https://www.rfc-editor.org/rfc/rfc7515 ; W3C Securing Verifiable Credentials
//   using JOSE and COSE (Recommendation, 15 May 2025), §3.1.1 and §6.1 (kid resolved to a verification method of the
//   issuer), https://www.w3.org/TR/vc-jose-cose/
using Identity.Credentials.Verification;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

/// <summary>
/// Finds the key that must verify a JWS through the DID resolver and checks the signature with it. A <c>kid</c> that
/// is a DID URL (or a fragment, relative to the expected signer's DID) names the verification method; without a
/// <c>kid</c>, every method of the signer's DID authorised for the relationship is tried (did-jwt does the same).
/// </summary>
/// <remarks><threadsafety>Thread-safe when the resolver is.</threadsafety></remarks>
public sealed class JwsSignerResolution
{
    private readonly IDidResolver _resolver;

    /// <exception cref="ArgumentNullException"><paramref name="resolver"/> is null.</exception>
    public JwsSignerResolution(IDidResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>
    /// Verifies <paramref name="jws"/> as signed by <paramref name="signerDid"/> (when given) with a method authorised for
    /// <paramref name="relationship"/>.
    /// </summary>
    /// <returns>
    /// The verdict in two levels and, when valid, the id of the verification method whose key verified it. Not checked:
    /// <see cref="UncheckedReason.UnresolvableKey"/> (no DID to resolve, an invalid kid, a DID or method that does not
    /// resolve), <see cref="UncheckedReason.KeyNotAuthorized"/> (<c>issuerMismatch</c>: the kid belongs to another DID;
    /// <c>keyMismatch</c>: no method for the relationship), <see cref="UncheckedReason.UnusableKey"/>,
    /// <see cref="UncheckedReason.UnsupportedCryptosuite"/> (<c>algorithmNotAllowed</c>); checked and invalid:
    /// <c>invalidSignature</c>.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="jws"/> is null.</exception>
    public async ValueTask<SignerVerification> VerifyAsync(
        CompactJws jws, string? signerDid, VerificationRelationship relationship, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jws);
        string? kid = jws.KeyId;
        if (kid is not null && kid.StartsWith('#'))
        {
            if (signerDid is null)
            {
                return Unresolvable(ErrorCodes.InvalidDidUrl, $"The kid '{kid}' is relative, and the token names no issuer DID to resolve it against.");
            }

            kid = signerDid + kid;
        }

        if (kid is not null && kid.Contains('#', StringComparison.Ordinal))
        {
            if (!DidUrl.TryParse(kid, out var url))
            {
                return Unresolvable(ErrorCodes.InvalidDidUrl, $"The kid '{kid}' is not a DID URL.");
            }

            if (signerDid is not null && !string.Equals(url.Did.Value, signerDid, StringComparison.Ordinal))
            {
                return NotAuthorized(ErrorCodes.IssuerMismatch, $"The kid belongs to '{url.Did.Value}', not to the signer '{signerDid}'.");
            }

            var (method, key, notChecked) = await KeyResolution.ResolveAsync(_resolver, kid, relationship, cancellationToken).ConfigureAwait(false);
            if (notChecked is not null)
            {
                return new SignerVerification(notChecked, null);
            }

            var verdict = JwsAlgorithms.Check(jws, key!);
            return new SignerVerification(verdict, verdict.IsValid ? method!.Id : null);
        }

        // No fragment: the kid is the DID itself (did:key, did:jwk peers do this) or absent; try the DID's methods.
        string? did = kid ?? signerDid;
        if (did is null)
        {
            return Unresolvable(ErrorCodes.InvalidDidUrl, "The token has neither a kid nor an issuer DID, so no key can be found for it.");
        }

        if (signerDid is not null && !string.Equals(did, signerDid, StringComparison.Ordinal))
        {
            return NotAuthorized(ErrorCodes.IssuerMismatch, $"The kid names '{did}', not the signer '{signerDid}'.");
        }

        return await VerifyWithAnyMethodAsync(jws, did, relationship, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<SignerVerification> VerifyWithAnyMethodAsync(
        CompactJws jws, string did, VerificationRelationship relationship, CancellationToken cancellationToken)
    {
        var resolution = await _resolver.ResolveAsync(did, null, cancellationToken).ConfigureAwait(false);
        if (!resolution.IsSuccess)
        {
            return new SignerVerification(KeyResolution.NotResolved(resolution), null);
        }

        var document = resolution.Document!;
        ProofVerdict? best = null;
        foreach (var reference in document.GetRelationship(relationship))
        {
            var (method, key, notChecked) = KeyResolution.FromDocument(document, reference.Id, relationship);
            if (notChecked is not null)
            {
                continue;
            }

            var verdict = JwsAlgorithms.Check(jws, key!);
            if (verdict.IsValid)
            {
                return new SignerVerification(verdict, method!.Id);
            }

            // A key that checked the signature and found it invalid says more than a key of another type.
            if (best is null || verdict.Checked)
            {
                best = verdict;
            }
        }

        return new SignerVerification(
            best ?? ProofVerdict.NotChecked(UncheckedReason.KeyNotAuthorized, new Error(
                ErrorCodes.KeyMismatch, $"'{did}' has no {relationship.ToPropertyName()} key that can verify {jws.Algorithm}.")),
            null);
    }

    private static SignerVerification Unresolvable(string code, string detail) =>
        new(ProofVerdict.NotChecked(UncheckedReason.UnresolvableKey, new Error(code, detail)), null);

    private static SignerVerification NotAuthorized(string code, string detail) =>
        new(ProofVerdict.NotChecked(UncheckedReason.KeyNotAuthorized, new Error(code, detail)), null);
}

/// <summary>The outcome of <see cref="JwsSignerResolution.VerifyAsync"/>: the two-level verdict and, when valid, the verification method used.</summary>
public sealed record SignerVerification(ProofVerdict Verdict, string? VerificationMethod);
