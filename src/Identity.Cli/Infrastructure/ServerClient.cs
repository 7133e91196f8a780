using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Infrastructure;

/// <summary>Talks to the Identity service over HTTP only; problem responses become one-line <see cref="CliException"/>s.</summary>
internal sealed class ServerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <exception cref="CliException"><c>serverRequired</c> when <paramref name="server"/> is null (no <c>--server</c>, no
    /// <c>IDENTITY_SERVER</c>); <c>invalidRequest</c> when it is not an http(s) URL.</exception>
    public ServerClient(string? server, CliContext context)
    {
        if (server is null)
        {
            throw new CliException(ErrorCodes.ServerRequired, "This command talks to the Identity service, and no address was given.");
        }

        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ErrorCodes.InvalidRequest, $"--server must be an http(s) URL, not '{server}'.");
        }

        _base = uri;
        _http = context.HttpHandler is null ? new HttpClient() : new HttpClient(context.HttpHandler, disposeHandler: false);
        _http.Timeout = TimeSpan.FromSeconds(30);
    }

    public Uri BaseUri => _base;

    public Task<(int Status, JsonObject Body)> PostAsync(string path, JsonObject? body, string? bearer, CancellationToken ct, params int[] acceptedStatuses) =>
        SendAsync(HttpMethod.Post, path, body, bearer, ct, acceptedStatuses);

    public Task<(int Status, JsonObject Body)> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, null, ct);

    /// <summary>POSTs <paramref name="text"/> as <paramref name="mediaType"/> (e.g. a compact JWS as <c>application/jose</c>); the JSON answer as for <see cref="SendAsync"/>.</summary>
    public Task<(int Status, JsonObject Body)> PostTextAsync(string path, string text, string mediaType, CancellationToken ct)
    {
        // Bytes with the bare media type: no charset parameter a strict server might not expect on application/jose.
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return SendContentAsync(HttpMethod.Post, path, content, null, ct);
    }

    /// <summary>Sends a request; 2xx (and <paramref name="acceptedStatuses"/>) return the JSON body, anything else throws with the problem's code.</summary>
    public Task<(int Status, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonObject? body, string? bearer, CancellationToken ct, params int[] acceptedStatuses) =>
        SendContentAsync(method, path, body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), bearer, ct, acceptedStatuses);

    private async Task<(int Status, JsonObject Body)> SendContentAsync(HttpMethod method, string path, HttpContent? content, string? bearer, CancellationToken ct, params int[] acceptedStatuses)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path.TrimStart('/')));
        request.Content = content;

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException(ErrorCodes.ServerUnreachable, $"Cannot reach {_base}: {e.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (JsonException)
            {
            }

            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode || acceptedStatuses.Contains(status))
            {
                return (status, json ?? throw new CliException(ErrorCodes.ServerUnreachable, $"{_base} answered {status} without a JSON body."));
            }

            var code = json?["code"]?.GetValue<string>() ?? ErrorCodes.ServerUnreachable;
            var detail = json?["detail"]?.GetValue<string>() ?? $"HTTP {status}";
            throw new CliException(code, $"The server refused ({status} {code}): {detail}");
        }
    }

    /// <summary>GETs a non-JSON resource of at most <paramref name="maxBytes"/>; a problem response throws with its code.</summary>
    public async Task<byte[]> GetBytesAsync(string path, int maxBytes, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(new Uri(_base, path.TrimStart('/')), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new CliException(ErrorCodes.ServerUnreachable, $"Cannot reach {_base}: {e.Message}");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                var json = text.StartsWith('{') ? JsonNode.Parse(text) as JsonObject : null;
                var code = json?["code"]?.GetValue<string>() ?? ErrorCodes.ServerUnreachable;
                throw new CliException(code, $"The server refused {path} ({(int)response.StatusCode} {code}): {json?["detail"] ?? "no detail"}");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new CliException(ErrorCodes.ResponseTooLarge, $"{path} is larger than {maxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    public void Dispose() => _http.Dispose();
}
