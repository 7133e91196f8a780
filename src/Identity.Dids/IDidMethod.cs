using Identity.Primitives;

namespace Identity.Dids;

/// <summary>
/// One DID method (did:key, did:jwk, did:web, …). Implementations live in <c>did-methods/</c> and are registered by the
/// host; <see cref="DidResolver"/> composes them. Implementations must be thread-safe.
/// </summary>
public interface IDidMethod
{
    /// <summary>The method name as it appears in the DID (<c>key</c> for <c>did:key:…</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Resolves a DID of this method to its document. Expected failures (<c>invalidDid</c>, <c>notFound</c>,
    /// <c>invalidPublicKeyLength</c>, …) are returned in the result, never thrown.
    /// </summary>
    ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default);
}
