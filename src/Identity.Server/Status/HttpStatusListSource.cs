using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.DidMethods.Web;
using Identity.Primitives;

namespace Identity.Server.Status;

/// <summary>Fetches other issuers' status list credentials with the same guards as did:web (address policy, size, time, no redirects).</summary>
/// <remarks>Owns its fetcher (configured with the status list byte cap), disposed with the container.</remarks>
internal sealed class HttpStatusListSource(GuardedHttpFetcher fetcher) : IStatusListCredentialSource, IDisposable
{
    public void Dispose() => fetcher.Dispose();

    public async ValueTask<Result<JsonObject>> GetAsync(Uri url, CancellationToken ct)
    {
        var fetched = await fetcher.GetAsync(url, "application/vc+ld+json, application/json", ct).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Error!;
        }

        var json = StrictJson.ParseObject(fetched.Value.Body, $"The response from {url}");
        return json.IsSuccess ? json.Value : new Error(ErrorCodes.InvalidStatusList, json.Error.Detail);
    }
}
