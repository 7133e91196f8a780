// References:
//   JSON-LD 1.1 Processing Algorithms and API, §9.4 LoadDocumentCallback — https://www.w3.org/TR/json-ld11-api/#loaddocumentcallback

using System.Text.Json.Nodes;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Contexts;

/// <summary>The JSON-LD document loader over the offline, hash-pinned <see cref="ContextStore"/>: no network, ever.</summary>
/// <remarks><threadsafety>Safe from any thread: the store is immutable and returns a fresh clone per call.</threadsafety></remarks>
public sealed class ContextStoreDocumentLoader(ContextStore store) : IJsonLdDocumentLoader
{
    private readonly ContextStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    /// <returns>The pinned context document, or <see cref="ErrorCodes.ContextNotFound"/>.</returns>
    public Result<JsonNode> LoadDocument(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        Result<JsonObject> context = _store.Get(url);
        return context.IsSuccess ? Result<JsonNode>.Success(context.Value) : context.Error!;
    }
}
