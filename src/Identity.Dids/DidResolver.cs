// References: W3C DID Resolution v0.3, §4 DID Resolution and §5 DID URL Dereferencing, https://w3c.github.io/did-resolution/
using System.Collections.Frozen;
using Identity.Primitives;

namespace Identity.Dids;

/// <summary>
/// Composes the registered <see cref="IDidMethod"/>s into one resolver: checks syntax, picks the method, checks the
/// requested representation, then delegates. This is the only place methods are composed.
/// </summary>
/// <remarks><threadsafety>Thread-safe when the registered methods are.</threadsafety></remarks>
public sealed class DidResolver : IDidResolver
{
    private static readonly FrozenSet<string> s_representations =
        FrozenSet.Create(StringComparer.Ordinal, DidDocumentJson.DidJson, DidDocumentJson.DidLdJson);

    private readonly FrozenDictionary<string, IDidMethod> _methods;

    /// <exception cref="ArgumentException">Two methods share a name.</exception>
    public DidResolver(IEnumerable<IDidMethod> methods)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var byName = new Dictionary<string, IDidMethod>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            if (!byName.TryAdd(method.Name, method))
            {
                throw new ArgumentException($"DID method '{method.Name}' is registered twice.", nameof(methods));
            }
        }

        _methods = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names of the registered methods.</summary>
    public IEnumerable<string> SupportedMethods => _methods.Keys;

    public async ValueTask<DidResolutionResult> ResolveAsync(
        string did, DidResolutionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DidResolutionOptions.Default;
        var parsed = Did.Parse(did);
        if (!parsed.IsSuccess)
        {
            return DidResolutionResult.Failure(parsed.Error);
        }

        if (!_methods.TryGetValue(parsed.Value.Method, out var method))
        {
            return DidResolutionResult.Failure(ErrorCodes.MethodNotSupported, $"The DID method '{parsed.Value.Method}' is not supported.");
        }

        var accept = options.Accept ?? DidDocumentJson.DidLdJson;
        if (!s_representations.Contains(accept))
        {
            return DidResolutionResult.Failure(
                ErrorCodes.RepresentationNotSupported,
                $"The representation '{accept}' is not supported; use {DidDocumentJson.DidJson} or {DidDocumentJson.DidLdJson}.");
        }

        return await method.ResolveAsync(parsed.Value, options with { Accept = accept }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Result<VerificationMethod>> ResolveVerificationMethodAsync(
        string didUrl, VerificationRelationship? relationship = null, CancellationToken cancellationToken = default)
    {
        var url = DidUrl.Parse(didUrl);
        if (!url.IsSuccess)
        {
            return url.Error;
        }

        if (url.Value.Fragment is null || url.Value.Path.Length > 0 || url.Value.Query is not null)
        {
            return new Error(ErrorCodes.InvalidDidUrl, $"'{didUrl}' is not a verification method reference (did:…#fragment).");
        }

        var resolution = await ResolveAsync(url.Value.Did.Value, null, cancellationToken).ConfigureAwait(false);
        if (!resolution.IsSuccess)
        {
            return resolution.Error!;
        }

        return resolution.Document!.FindVerificationMethod(didUrl, relationship);
    }
}
