using Identity.Primitives;

namespace Identity.Dids;

/// <summary>Resolves any supported DID, and dereferences verification methods for proof checking.</summary>
public interface IDidResolver
{
    ValueTask<DidResolutionResult> ResolveAsync(string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Dereferences a verification method DID URL (<c>did:…#fragment</c>) and, when <paramref name="relationship"/> is
    /// given, checks that the controller authorises it for that relationship (<c>keyMismatch</c> when not).
    /// </summary>
    ValueTask<Result<VerificationMethod>> ResolveVerificationMethodAsync(
        string didUrl, VerificationRelationship? relationship = null, CancellationToken cancellationToken = default);
}
