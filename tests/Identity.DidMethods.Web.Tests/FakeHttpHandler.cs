using System.Net;
using System.Text;

namespace Identity.DidMethods.Web.Tests;

/// <summary>An in-memory HTTP handler: answers every request through a delegate and counts what it was sent.</summary>
internal sealed class FakeHttpHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private int _requests;

    public FakeHttpHandler(Func<HttpRequestMessage, HttpResponseMessage> respond)
        : this((request, _) => Task.FromResult(respond(request)))
    {
    }

    public int RequestCount => Volatile.Read(ref _requests);

    public Uri? LastUrl { get; private set; }

    public string? LastAccept { get; private set; }

    public static HttpResponseMessage Json(string json, string contentType = "application/did+json", string? cacheControl = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, contentType) };
        if (cacheControl is not null)
        {
            response.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        LastUrl = request.RequestUri;
        LastAccept = request.Headers.Accept.ToString();
        return respond(request, cancellationToken);
    }
}
