// References:
//   RFC 9110 §8.8 (validators: ETag, Last-Modified), §13.1.2 (If-None-Match, weak comparison), §13.1.3 (If-Modified-Since),
//   §15.4.5 (304 Not Modified carries the validators and Cache-Control) — https://www.rfc-editor.org/rfc/rfc9110
//   RFC 9111 §5.2.2 (Cache-Control: public, max-age, no-cache) — https://www.rfc-editor.org/rfc/rfc9111

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Identity.Server.Http;

/// <summary>
/// A public resource a CDN may keep: <c>Cache-Control: public, max-age=N</c> (<c>no-cache</c> when N is zero: stored but
/// revalidated every time), a strong <c>ETag</c> computed from the exact bytes and media type served (so a re-signed
/// document never reuses a validator), <c>Last-Modified</c> when the caller knows it, and 304 for a conditional GET that
/// matches. <c>If-None-Match</c> wins over <c>If-Modified-Since</c>, as RFC 9110 requires.
/// </summary>
/// <remarks>HTTP dates have whole seconds, so two versions made within one second would share a <c>Last-Modified</c>:
/// it is sent only once the second it names is over (a later version then always names a later second), and
/// <c>If-Modified-Since</c> is honoured only when it is exactly that value (RFC 9110 §13.1.3 allows exact matching), so
/// a date a client takes from elsewhere never yields a 304. The ETag needs neither rule.</remarks>
internal static class CacheableResponse
{
    /// <summary>The response for <paramref name="body"/>; <paramref name="varyOnAccept"/> when the media type was negotiated.</summary>
    public static IResult Text(
        HttpContext context, string body, string mediaType, TimeSpan maxAge, DateTimeOffset? lastModified = null, bool varyOnAccept = false)
    {
        string etag = ETagFor(body, mediaType);
        var now = (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        if (lastModified is { } candidate && Seconds(candidate).AddSeconds(1) > now)
        {
            lastModified = null; // Its second is not over yet.
        }

        var headers = context.Response.Headers;
        headers.CacheControl = maxAge > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"public, max-age={(long)maxAge.TotalSeconds}")
            : "public, no-cache";
        headers.ETag = etag;
        if (lastModified is { } modified)
        {
            headers.LastModified = HeaderUtilities.FormatDate(Seconds(modified));
        }

        if (varyOnAccept)
        {
            headers.Vary = "Accept";
        }

        return NotModified(context.Request, etag, lastModified) ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Text(body, mediaType);
    }

    /// <summary>A strong validator: the first 128 bits of SHA-256 over the media type and the body, base64url.</summary>
    internal static string ETagFor(string body, string mediaType)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(mediaType + "\n" + body), hash);
        return "\"" + Convert.ToBase64String(hash[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
    }

    private static bool NotModified(HttpRequest request, string etag, DateTimeOffset? lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            // Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
            return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
                && tags.Any(t => t.Tag == "*" || t.Tag.Equals(etag, StringComparison.Ordinal));
        }

        return lastModified is { } modified
            && HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)
            && Seconds(modified) == since;
    }

    // HTTP dates have whole seconds.
    private static DateTimeOffset Seconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
