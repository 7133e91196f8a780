// References: RFC 7515 §4.1.4 (kid), https://www.rfc-editor.org/rfc/rfc7515 ; W3C Securing Verifiable Credentials
//   using JOSE and COSE (Recommendation, 15 May 2025), §3.1.1 and §6.1 (kid resolved to a verification method of the
//   issuer), https://www.w3.org/TR/vc-jose-cose/
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
    private static readonly HashSet<string> s_resolutionCodes =
    [
        ErrorCodes.InvalidDid, ErrorCodes.InvalidDidUrl, ErrorCodes.NotFound, ErrorCodes.MethodNotSupported,
        ErrorCodes.RepresentationNotSupported, ErrorCodes.InvalidDidDocument,
    ];

    private readonly IDidResolver _resolver;

    /// <exception cref="ArgumentNullException"><paramref name="resolver"/> is null.</exception>
    public JwsSignerResolution(IDidResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>True for the codes that mean "the signer's key could not be found", as opposed to a bad signature.</summary>
    public static bool IsResolutionFailure(Error error) => error is not null && s_resolutionCodes.Contains(error.Code);

    /// <summary>
    /// Verifies <paramref name="jws"/> as signed by <paramref name="signerDid"/> (when given) with a method authorised for
    /// <paramref name="relationship"/>.
    /// </summary>
    /// <returns>The id of the verification method whose key verified the signature; or a resolution error
    /// (see <see cref="IsResolutionFailure"/>), <c>issuerMismatch</c> (the kid belongs to another DID), <c>keyMismatch</c>,
    /// <c>algorithmNotAllowed</c> or <c>invalidSignature</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jws"/> is null.</exception>
    public async ValueTask<Result<string>> VerifyAsync(
        CompactJws jws, string? signerDid, VerificationRelationship relationship, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jws);
        string? kid = jws.KeyId;
        if (kid is not null && kid.StartsWith('#'))
        {
            if (signerDid is null)
            {
                return new Error(ErrorCodes.InvalidDidUrl, $"The kid '{kid}' is relative, and the token names no issuer DID to resolve it against.");
            }

            kid = signerDid + kid;
        }

        if (kid is not null && kid.Contains('#', StringComparison.Ordinal))
        {
            if (!DidUrl.TryParse(kid, out var url))
            {
                return new Error(ErrorCodes.InvalidDidUrl, $"The kid '{kid}' is not a DID URL.");
            }

            if (signerDid is not null && !string.Equals(url.Did.Value, signerDid, StringComparison.Ordinal))
            {
                return new Error(ErrorCodes.IssuerMismatch, $"The kid belongs to '{url.Did.Value}', not to the signer '{signerDid}'.");
            }

            var method = await _resolver.ResolveVerificationMethodAsync(kid, relationship, cancellationToken).ConfigureAwait(false);
            if (!method.IsSuccess)
            {
                return method.Error!;
            }

            var key = method.Value.GetPublicKey();
            if (!key.IsSuccess)
            {
                return key.Error!;
            }

            var verified = JwsAlgorithms.Verify(jws, key.Value);
            return verified.IsSuccess ? method.Value.Id : verified.Error!;
        }

        // No fragment: the kid is the DID itself (did:key, did:jwk peers do this) or absent; try the DID's methods.
        string? did = kid ?? signerDid;
        if (did is null)
        {
            return new Error(ErrorCodes.InvalidDidUrl, "The token has neither a kid nor an issuer DID, so no key can be found for it.");
        }

        if (signerDid is not null && !string.Equals(did, signerDid, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.IssuerMismatch, $"The kid names '{did}', not the signer '{signerDid}'.");
        }

        return await VerifyWithAnyMethodAsync(jws, did, relationship, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Result<string>> VerifyWithAnyMethodAsync(
        CompactJws jws, string did, VerificationRelationship relationship, CancellationToken cancellationToken)
    {
        var resolution = await _resolver.ResolveAsync(did, null, cancellationToken).ConfigureAwait(false);
        if (!resolution.IsSuccess)
        {
            return resolution.Error!;
        }

        var document = resolution.Document!;
        Error? last = null;
        foreach (var reference in document.GetRelationship(relationship))
        {
            var method = document.FindVerificationMethod(reference.Id, relationship);
            if (!method.IsSuccess || !method.Value.GetPublicKey().TryGetValue(out var key))
            {
                continue;
            }

            var verified = JwsAlgorithms.Verify(jws, key);
            if (verified.IsSuccess)
            {
                return method.Value.Id;
            }

            // A key of the right type whose signature fails says more than a key of another type.
            if (last is null || verified.Error!.Code == ErrorCodes.InvalidSignature)
            {
                last = verified.Error;
            }
        }

        return last ?? new Error(ErrorCodes.KeyMismatch, $"'{did}' has no {relationship.ToPropertyName()} key that can verify {jws.Algorithm}.");
    }
}
