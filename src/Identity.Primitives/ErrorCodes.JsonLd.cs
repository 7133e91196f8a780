namespace Identity.Primitives;

/// <summary>Codes reported by the JSON-LD 1.1 processor, the N-Quads reader and RDF Dataset Canonicalization (RDFC-1.0).</summary>
public static partial class ErrorCodes
{
    /// <summary>An N-Quads document does not follow the RDF 1.1 N-Quads grammar.</summary>
    public const string InvalidNQuads = "invalidNQuads";

    /// <summary>RDFC-1.0 would need more work than the configured bound allows (a "poison" dataset of many
    /// indistinguishable blank nodes); canonicalization is refused.</summary>
    public const string CanonicalizationLimitExceeded = "canonicalizationLimitExceeded";

    /// <summary>A JSON-LD document or context is invalid under JSON-LD 1.1; the detail starts with the JSON-LD error
    /// code (e.g. <c>invalid IRI mapping</c>).</summary>
    public const string InvalidJsonLd = "invalidJsonLd";

    /// <summary>A document secured over its RDF (an RDFC cryptosuite) is not in the compacted form its contexts define:
    /// a term is spelled as an IRI, a keyword or an alias, or nodes merge, so its JSON would not say what is signed.</summary>
    public const string JsonLdNotCompacted = "jsonLdNotCompacted";
}
