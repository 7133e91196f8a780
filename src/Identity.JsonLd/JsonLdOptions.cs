// References:
//   JSON-LD 1.1 Processing Algorithms and API, §9.2 JsonLdOptions — https://www.w3.org/TR/json-ld11-api/#the-jsonldoptions-type

using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.JsonLd;

/// <summary>Options of one expansion or <c>toRdf</c> call (the subset of JSON-LD 1.1 <c>JsonLdOptions</c> this processor supports).</summary>
/// <threadsafety>Immutable; safe from any thread.</threadsafety>
public sealed record JsonLdOptions
{
    /// <summary>The shared default options.</summary>
    public static JsonLdOptions Default { get; } = new();

    /// <summary>The base IRI of the document (relative <c>@id</c> values resolve against it), or null.</summary>
    public string? Base { get; init; }

    /// <summary>A context applied before the document's own (<c>expandContext</c>).</summary>
    public JsonNode? ExpandContext { get; init; }

    /// <summary><c>rdfDirection</c>: null (drop base direction), <c>i18n-datatype</c> or <c>compound-literal</c>.</summary>
    public string? RdfDirection { get; init; }

    /// <summary>Emit triples whose predicate is a blank node (generalized RDF).</summary>
    public bool ProduceGeneralizedRdf { get; init; }

    /// <summary>
    /// Safe mode: instead of silently dropping them, fail on terms that map to nothing (a property or type with no
    /// definition and no <c>@vocab</c>, including after <c>"@vocab": null</c>), on <c>@type</c> values that stay relative
    /// IRIs, and on properties that expand to relative IRIs. Signing and verifying use it, so no data escapes the
    /// signature unnoticed.
    /// </summary>
    public bool SafeMode { get; init; }

    /// <summary>
    /// Fail on <c>@type</c> values that do not expand to absolute IRIs (a type no context defines, e.g. after
    /// <c>"@vocab": null</c>), while still dropping unmapped properties as JSON-LD 1.1 does. <see cref="SafeMode"/>
    /// implies it.
    /// </summary>
    public bool RequireMappedTypes { get; init; }

    /// <summary>
    /// Compacted form: fail with <c>jsonLdNotCompacted</c> unless the document is written the one way its contexts
    /// define, so that a reader of its JSON members sees exactly the statements of its RDF (see
    /// <c>Processing/CompactedFormRules.cs</c> for the rules). The RDF cryptosuites use it: a signature over RDF must not
    /// be reusable for a respelled document whose JSON says something else.
    /// </summary>
    public bool RequireCompactedForm { get; init; }

    /// <summary>
    /// With <see cref="RequireCompactedForm"/>: IRIs that may be written only as the given key (IRI → key), whatever
    /// the active context defines — the properties a verifier reads by name, so that no inline term, <c>@vocab</c> or
    /// IRI spelling (nor a context of another version) can put their statements under a key the verifier does not read.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ReservedKeys { get; init; }

    /// <summary>Turns an <c>@json</c> value into its canonical string (JCS, RFC 8785); needed only for <c>@json</c> literals.</summary>
    public Func<JsonNode?, string>? JsonCanonicalizer { get; init; }

    /// <summary>The most remote contexts one document may load, directly or through other contexts.</summary>
    public int MaxRemoteContexts { get; init; } = 32;

    /// <summary>The deepest nesting of arrays and objects accepted. Every recursive step of expansion, node map
    /// generation and <c>toRdf</c> follows the document's nesting, so this also bounds their recursion.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// The request's work budget, or null for none. Expansion (per node and entry), context processing (per context
    /// copied and term defined), node map generation, <c>toRdf</c> and RDFC-1.0 charge it; running out fails with
    /// <see cref="ErrorCodes.WorkLimitExceeded"/>.
    /// </summary>
    public WorkBudget? Budget { get; init; }
}
