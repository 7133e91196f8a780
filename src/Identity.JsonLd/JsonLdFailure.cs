// References: JSON-LD 1.1 Processing Algorithms and API, §9.4 LoadDocumentCallback and §9.5 JsonLdErrorCode,
//   https://www.w3.org/TR/json-ld11-api/#jsonlderrorcode
using Identity.Primitives;

namespace Identity.JsonLd;

/// <summary>What kind of failure stopped JSON-LD processing, so callers decide without reading error text.</summary>
public enum JsonLdFailureKind
{
    /// <summary>The document is not valid JSON-LD 1.1 (a JSON-LD error code, e.g. <c>protected term redefinition</c>).</summary>
    InvalidDocument,

    /// <summary>A remote context could not be loaded (not in the offline store): the document cannot be judged.</summary>
    ContextUnavailable,

    /// <summary>The work allowed for one request ran out (expansion or RDFC-1.0 canonicalization).</summary>
    WorkLimitExceeded,
}

/// <summary>A typed JSON-LD failure: its <see cref="Kind"/>, and the <see cref="Error"/> reported to callers.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record JsonLdFailure(JsonLdFailureKind Kind, Error Error);
