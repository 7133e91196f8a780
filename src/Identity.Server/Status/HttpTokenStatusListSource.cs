// References: IETF draft-ietf-oauth-status-list (Token Status List), §8.1 Status List Request,
//   https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using System.Text;
using Identity.Credentials.Status;
using Identity.DidMethods.Web;
using Identity.Primitives;

namespace Identity.Server.Status;

/// <summary>Fetches other issuers' Status List Tokens with the same guards as did:web (address policy, size, time, no redirects).</summary>
internal sealed class HttpTokenStatusListSource(GuardedHttpFetcher fetcher) : ITokenStatusListSource
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async ValueTask<Result<string>> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        var fetched = await fetcher.GetAsync(uri, StatusListToken.MediaType, cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return fetched.Error!;
        }

        try
        {
            return s_strictUtf8.GetString(fetched.Value.Body).Trim();
        }
        catch (DecoderFallbackException)
        {
            return new Error(ErrorCodes.InvalidStatusList, $"{uri} did not return UTF-8 text.");
        }
    }
}
