using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.DidMethods.Web;
using Identity.Primitives;

namespace Identity.Server.Status;

/// <summary>Fetches other issuers' status list credentials with the same guards as did:web (address policy, size, time, no redirects).</summary>
internal sealed class HttpStatusListSource(GuardedHttpFetcher fetcher) : IStatusListCredentialSource
{
    public async ValueTask<Result<JsonObject>> GetAsync(Uri url, CancellationToken ct)
    {
        var fetched = await fetcher.GetAsync(url, "application/vc+ld+json, application/json", ct).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Error!;
        }

        try
        {
            return JsonNode.Parse(fetched.Value.Body, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) is JsonObject json
                ? json
                : new Error(ErrorCodes.InvalidStatusList, $"{url} did not return a JSON object.");
        }
        catch (JsonException)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"{url} did not return valid JSON.");
        }
    }
}
