// References: W3C DID Resolution v0.3, §4 DID Resolution, https://w3c.github.io/did-resolution/ ;
// W3C DID v1.0 §7.1 (resolution metadata and error names), https://www.w3.org/TR/did-core/#did-resolution
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Dids;

/// <summary>The outcome of resolving a DID: a document, or an error with one of the standard names.</summary>
/// <remarks>
/// Invariant: exactly one of <see cref="Document"/> and <see cref="Error"/> is set.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public sealed record DidResolutionResult
{
    private DidResolutionResult(DidDocument? document, string? contentType, Error? error, DidDocumentMetadata metadata)
    {
        Document = document;
        ContentType = contentType;
        Error = error;
        DocumentMetadata = metadata;
    }

    public DidDocument? Document { get; }

    /// <summary>The media type of the representation (didResolutionMetadata.contentType).</summary>
    public string? ContentType { get; }

    /// <summary>The resolution error (didResolutionMetadata.error), or null on success.</summary>
    public Error? Error { get; }

    public DidDocumentMetadata DocumentMetadata { get; }

    public bool IsSuccess => Error is null;

    /// <summary>
    /// True when the failure is the resolver's answer about the DID itself, in the W3C DID resolution error vocabulary
    /// (<c>invalidDid</c>, <c>invalidDidUrl</c>, <c>notFound</c>, <c>methodNotSupported</c>,
    /// <c>representationNotSupported</c>, <c>invalidDidDocument</c>); false on success and when the document could not
    /// be retrieved at all (a fetch refused by policy, timed out, failed or too large).
    /// </summary>
    /// <remarks>The vocabulary is this type's own (DID Core §7.1), so it is decided here once, for every caller.</remarks>
    public bool IsResolutionError => Error?.Code is ErrorCodes.InvalidDid or ErrorCodes.InvalidDidUrl or ErrorCodes.NotFound
        or ErrorCodes.MethodNotSupported or ErrorCodes.RepresentationNotSupported or ErrorCodes.InvalidDidDocument;

    public static DidResolutionResult Success(DidDocument document, string contentType = DidDocumentJson.DidLdJson, DidDocumentMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(document, contentType, null, metadata ?? DidDocumentMetadata.Empty);
    }

    public static DidResolutionResult Failure(Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, null, error, DidDocumentMetadata.Empty);
    }

    public static DidResolutionResult Failure(string code, string detail) => Failure(new Error(code, detail));

    /// <summary>The DID Resolution result JSON: <c>didDocument</c>, <c>didResolutionMetadata</c>, <c>didDocumentMetadata</c>.</summary>
    public JsonObject ToJson()
    {
        var resolutionMetadata = new JsonObject();
        if (ContentType is not null)
        {
            resolutionMetadata["contentType"] = ContentType;
        }

        if (Error is not null)
        {
            resolutionMetadata["error"] = Error.Code;
            resolutionMetadata["errorMessage"] = Error.Detail;
        }

        var documentMetadata = new JsonObject();
        if (DocumentMetadata.Created is { } created)
        {
            documentMetadata["created"] = Format(created);
        }

        if (DocumentMetadata.Updated is { } updated)
        {
            documentMetadata["updated"] = Format(updated);
        }

        if (DocumentMetadata.Deactivated is { } deactivated)
        {
            documentMetadata["deactivated"] = deactivated;
        }

        if (DocumentMetadata.VersionId is { } versionId)
        {
            documentMetadata["versionId"] = versionId;
        }

        return new JsonObject
        {
            ["@context"] = DidContexts.DidResolutionV1,
            ["didDocument"] = Document is null ? null : DidDocumentJson.ToJson(Document, ContentType ?? DidDocumentJson.DidLdJson),
            ["didResolutionMetadata"] = resolutionMetadata,
            ["didDocumentMetadata"] = documentMetadata,
        };
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
