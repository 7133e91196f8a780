// References:
//   JSON-LD 1.1 Processing Algorithms and API, §9.4 LoadDocumentCallback — https://www.w3.org/TR/json-ld11-api/#loaddocumentcallback

using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd;

/// <summary>Supplies remote JSON-LD documents (contexts) by URL. Implementations here never use the network.</summary>
/// <remarks>Implementations must be safe to call from any thread and must not return a node that the caller could
/// share with another caller: the processor only reads what it is given.</remarks>
public interface IJsonLdDocumentLoader
{
    /// <summary>The document at <paramref name="url"/> (an absolute IRI), or an error when it is not available.</summary>
    Result<JsonNode> LoadDocument(string url);
}
