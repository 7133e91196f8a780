// References: SMART Health Cards Framework v1.4.0 §"Determining keys associated with an issuer", §"Revocation",
//   https://spec.smarthealth.cards/
using System.Text.Json.Nodes;
using Identity.DidMethods.Web;
using Identity.Primitives;

namespace Identity.Server.Health;

/// <summary>
/// An issuer's JWKS (<c>{iss}/.well-known/jwks.json</c>) and CRLs (<c>{iss}/.well-known/crl/{kid}.json</c>): this
/// deployment's own tenants are answered locally, any other issuer through the guarded fetcher (no private or loopback
/// addresses unless allowed, no redirects, bounded size and time).
/// </summary>
internal sealed class IssuerKeySource(HealthCardKeys keys, GuardedHttpFetcher fetcher)
{
    public Task<Result<JsonObject>> JwksAsync(string issuer, CancellationToken cancellationToken) =>
        keys.TenantOfIssuer(issuer) is { } tenant
            ? keys.JwksAsync(tenant, cancellationToken)
            : FetchAsync($"{issuer}/.well-known/jwks.json", cancellationToken);

    public Task<Result<JsonObject>> CrlAsync(string issuer, string keyId, CancellationToken cancellationToken) =>
        keys.TenantOfIssuer(issuer) is { } tenant
            ? keys.CrlAsync(tenant, keyId, cancellationToken)
            : FetchAsync($"{issuer}/.well-known/crl/{Uri.EscapeDataString(keyId)}.json", cancellationToken);

    private async Task<Result<JsonObject>> FetchAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return new Error(ErrorCodes.FetchFailed, "The issuer is not an absolute URL.");
        }

        var fetched = await fetcher.GetAsync(uri, "application/json", cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Error!;
        }

        return JsonValuesOf(fetched.Value.Body) is { } json
            ? json
            : new Error(ErrorCodes.FetchFailed, $"{url} did not return a JSON object.");
    }

    private static JsonObject? JsonValuesOf(byte[] body)
    {
        var parsed = StrictJson.Parse(body);
        return parsed.IsSuccess ? parsed.Value as JsonObject : null;
    }
}
