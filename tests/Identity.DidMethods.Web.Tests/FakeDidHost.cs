using System.Collections.Concurrent;
using System.Net;

namespace Identity.DidMethods.Web.Tests;

/// <summary>An in-memory web host for did.json documents, keyed by absolute URL; anything else is a 404.</summary>
internal sealed class FakeDidHost
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    public FakeDidHost()
    {
        Handler = new FakeHttpHandler(request =>
            _documents.TryGetValue(request.RequestUri!.AbsoluteUri, out var json)
                ? FakeHttpHandler.Json(json)
                : FakeHttpHandler.Status(HttpStatusCode.NotFound));
    }

    public FakeHttpHandler Handler { get; }

    /// <summary>Publishes <paramref name="json"/> at the document URL of <paramref name="did"/>.</summary>
    public void Publish(string did, string json) =>
        _documents[DidWeb.ToDocumentUrl(Identity.Primitives.Did.Parse(did).Value).Value.AbsoluteUri] = json;
}
