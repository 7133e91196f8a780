// References: W3C DID v1.0 §6.2 JSON and §6.3 JSON-LD representations, https://www.w3.org/TR/did-core/#representations;
//   did:web Method Specification §3.2 Read (Resolve), https://w3c-ccg.github.io/did-method-web/#read-resolve
using Identity.Dids;

namespace Identity.Server.Http;

/// <summary>The <c>did.json</c> files of tenants and patients: always the JSON-LD representation.</summary>
/// <remarks>
/// A did:web resolver fetches this file and hands it to the verifier, and JSON-LD verifiers (every Data Integrity
/// verifier built on jsonld.js) expand it to check the proof purpose: without <c>@context</c> their
/// <c>assertionMethod</c> does not expand and every credential of the DID fails. So the body always carries
/// <c>@context</c>, with the context of every verification method type used. The media type is negotiated:
/// <c>application/did+ld+json</c> by default, <c>application/did+json</c> when the client asks for that and not for
/// JSON-LD (DID v1.0 §6.2 lets a JSON consumer keep <c>@context</c> as a representation-specific entry).
/// </remarks>
internal static class DidDocumentFile
{
    public static IResult For(DidDocument document, HttpRequest request, TimeSpan maxAge)
    {
        string accept = request.Headers.Accept.ToString();
        bool wantsPlainJson = accept.Contains(DidDocumentJson.DidJson, StringComparison.OrdinalIgnoreCase)
            && !accept.Contains(DidDocumentJson.DidLdJson, StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("application/ld+json", StringComparison.OrdinalIgnoreCase);
        string mediaType = wantsPlainJson ? DidDocumentJson.DidJson : DidDocumentJson.DidLdJson;
        return CacheableResponse.Text(
            request.HttpContext, DidDocumentJson.ToJson(document, DidDocumentJson.DidLdJson).ToJsonString(), mediaType, maxAge, varyOnAccept: true);
    }
}
