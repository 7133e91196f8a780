// References: OpenID for Verifiable Credential Issuance 1.0 (final, 2025-09-16) §11.2 (metadata retrieval),
//   https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html ; RFC 8414 §3 (well-known URI with a path).
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// The wallet's HTTP client for issuers and verifiers it did not choose: https only (http only to a loopback address,
/// and only with <c>IDENTITY_DID_WEB_ALLOW_LOOPBACK=1</c>, for local setups), no redirects, a time limit and a size
/// limit on every answer. A network failure is <c>serverUnreachable</c>.
/// </summary>
internal sealed class OpenIdHttp : IDisposable
{
    /// <summary>The largest answer read from an issuer or verifier (1 MiB).</summary>
    public const int MaxResponseBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly bool _allowLoopbackHttp;

    public OpenIdHttp(CliContext context)
    {
        _allowLoopbackHttp = context.Environment("IDENTITY_DID_WEB_ALLOW_LOOPBACK") is "1" or "true";
        _http = context.HttpHandler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxResponseHeadersLength = 64 })
            : new HttpClient(context.HttpHandler, disposeHandler: false);
        _http.Timeout = TimeSpan.FromSeconds(30);
    }

    /// <summary>The URL, when the wallet may contact it; <paramref name="code"/> with a message naming <paramref name="what"/> otherwise.</summary>
    public Uri Check(string? url, string what, string code)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new CliException(code, $"The {what} is not an absolute http(s) URL without a fragment.");
        }

        if (uri.Scheme == "http" && !(_allowLoopbackHttp && IsLoopback(uri)))
        {
            throw new CliException(code, $"The {what} ({uri.GetLeftPart(UriPartial.Authority)}) is not https; plain http is allowed only to a loopback address with IDENTITY_DID_WEB_ALLOW_LOOPBACK=1.");
        }

        return uri;
    }

    /// <summary>The metadata URL RFC 8414 §3 and OID4VCI 1.0 §12.2.2 name: the well-known segment goes between host and path.</summary>
    public static Uri WellKnown(Uri identifier, string suffix)
    {
        var path = identifier.AbsolutePath.TrimEnd('/');
        return new Uri(identifier.GetLeftPart(UriPartial.Authority) + "/.well-known/" + suffix + path);
    }

    /// <summary>Sends <paramref name="request"/> (and disposes it) and reads the whole answer.</summary>
    public async Task<HttpAnswer> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            return await SendCoreAsync(request, ct).ConfigureAwait(false);
        }
    }

    private async Task<HttpAnswer> SendCoreAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException(ErrorCodes.ServerUnreachable, $"Cannot reach {request.RequestUri!.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }

        using (response)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    throw new CliException(ErrorCodes.ResponseTooLarge, $"{request.RequestUri!.GetLeftPart(UriPartial.Path)} answered with more than {MaxResponseBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return new HttpAnswer(response.StatusCode, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), response.Headers, response.Content.Headers.ContentType?.MediaType);
        }
    }

    public Task<HttpAnswer> GetAsync(Uri uri, string accept, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(accept);
        return SendAsync(request, ct);
    }

    public static FormUrlEncodedContent Form(IEnumerable<KeyValuePair<string, string>> fields) => new(fields);

    public void Dispose() => _http.Dispose();

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}

/// <summary>An answer from an issuer or verifier, read in full (bounded).</summary>
internal sealed record HttpAnswer(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, string? MediaType)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public JsonObject? Json()
    {
        try
        {
            return JsonNode.Parse(Text, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The OAuth error of an error answer (RFC 6749 §5.2: error, error_description), for messages.</summary>
    public string OAuthError()
    {
        var json = Json();
        var error = json?["error"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() : $"HTTP {(int)Status}";
        var description = json?["error_description"] is JsonValue d && d.GetValueKind() == JsonValueKind.String ? d.GetValue<string>() : null;
        return description is null ? error : $"{error}: {Shorten(description)}";
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
