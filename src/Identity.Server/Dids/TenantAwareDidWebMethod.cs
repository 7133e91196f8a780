// References: W3C CCG did:web Method Specification, §3.2 Read (Resolve), https://w3c-ccg.github.io/did-method-web/
using Identity.DidMethods.Web;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Patients;
using Identity.Server.Tenants;

namespace Identity.Server.Dids;

/// <summary>
/// did:web for the service: the did:web of one of this deployment's own tenants is answered from the store (the same
/// document <c>GET /tenants/{t}/did.json</c> serves, without a request to itself), and so is a patient DID a tenant
/// registered (<c>did:web:{host}:tenants:{t}:patients:{id}</c>); every other did:web goes to
/// <see cref="DidWebMethod"/> over HTTPS with its guards.
/// </summary>
internal sealed class TenantAwareDidWebMethod(TenantDirectory directory, PatientDirectory patients, DidWebMethod remote) : IDidMethod
{
    public string Name => "web";

    public async ValueTask<DidResolutionResult> ResolveAsync(Did did, DidResolutionOptions options, CancellationToken cancellationToken = default)
    {
        if (patients.PatientOfDidWeb(did.Value) is var (tenant, patient))
        {
            var found = await patients.GetAsync(tenant, patient, cancellationToken).ConfigureAwait(false);
            return found.IsSuccess
                ? DidResolutionResult.Success(found.Value.Document, options.Accept ?? DidDocumentJson.DidLdJson, new DidDocumentMetadata
                {
                    Created = found.Value.Record.CreatedAt,
                    Updated = found.Value.Record.UpdatedAt,
                    VersionId = found.Value.Record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                })
                : DidResolutionResult.Failure(found.Error!);
        }

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
