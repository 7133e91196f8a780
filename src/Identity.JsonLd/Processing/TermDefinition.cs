// References:
//   JSON-LD 1.1 Processing Algorithms and API, §4.1 (term definition) — https://www.w3.org/TR/json-ld11-api/#context-processing-algorithms

using System.Text.Json.Nodes;

namespace Identity.JsonLd.Processing;

/// <summary>One term definition of an active context.</summary>
/// <remarks>Built once by <see cref="ContextProcessor"/> and never changed afterwards, so active contexts can share it.</remarks>
internal sealed class TermDefinition
{
    /// <summary>The IRI mapping (an IRI, a blank node identifier or a keyword); null when the term is explicitly unmapped.</summary>
    public string? Iri { get; set; }

    public bool Prefix { get; set; }

    public bool Protected { get; set; }

    public bool Reverse { get; set; }

    public string? BaseUrl { get; set; }

    /// <summary>The scoped context (<c>@context</c> of the definition), if any.</summary>
    public JsonNode? Context { get; set; }

    public bool HasContext { get; set; }

    /// <summary>The container mapping, as a set of keywords (empty when none).</summary>
    public string[] Container { get; set; } = [];

    public string? Direction { get; set; }

    public bool HasDirection { get; set; }

    public string? Index { get; set; }

    public string? Language { get; set; }

    public bool HasLanguage { get; set; }

    public string? Nest { get; set; }

    public string? Type { get; set; }

    public bool HasContainer(string keyword) => Array.IndexOf(Container, keyword) >= 0;

    /// <summary>Equal in everything but <see cref="Protected"/> (the test for a protected-term redefinition).</summary>
    public bool SameAs(TermDefinition other) =>
        Iri == other.Iri && Prefix == other.Prefix && Reverse == other.Reverse && Type == other.Type
        && Language == other.Language && HasLanguage == other.HasLanguage && Direction == other.Direction
        && HasDirection == other.HasDirection && Index == other.Index && Nest == other.Nest
        && HasContext == other.HasContext && JsonNode.DeepEquals(Context, other.Context)
        && Container.Order(StringComparer.Ordinal).SequenceEqual(other.Container.Order(StringComparer.Ordinal));
}
