// References: W3C CCG did:web Method Specification, §3.2 Read (Resolve), https://w3c-ccg.github.io/did-method-web/
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Tenants;

namespace Identity.Server.Dids;

/// <summary>
/// did:web for the service: the did:web of one of this deployment's own tenants is answered from the store (the same
/// document <c>GET /tenants/{t}/did.json</c> serves, without a request to itself); every other did:web goes to
/// <see cref="DidWebMethod"/> over HTTPS with its guards.
/// </summary>
internal sealed class TenantAwareDidWebMethod(TenantDirectory directory, DidWebMethod remote) : IDidMethod
{
    public string Name => "web";

    public async ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        var tenantId = directory.TenantOfDidWeb(did.Value);
        if (tenantId is null)
        {
            return await remote.ResolveAsync(did, options, cancellationToken).ConfigureAwait(false);
        }

        var document = await directory.GetDidWebDocumentAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return document is null
            ? DidResolutionResult.Failure(ErrorCodes.NotFound, $"{did.Value} is not a tenant of this service.")
            : DidResolutionResult.Success(document, options.Accept ?? DidDocumentJson.DidLdJson);
    }
}
