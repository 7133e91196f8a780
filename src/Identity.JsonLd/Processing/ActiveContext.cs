// References:
//   JSON-LD 1.1 Processing Algorithms and API, §4.1 (active context) — https://www.w3.org/TR/json-ld11-api/#context-processing-algorithms

namespace Identity.JsonLd.Processing;

/// <summary>An active context: base IRI, vocabulary mapping, defaults and term definitions.</summary>
/// <remarks>
/// Treated as immutable once context processing returns it: processing always works on a <see cref="Clone"/>, so a
/// processed context can be cached and shared between threads.
/// </remarks>
internal sealed class ActiveContext
{
    public ActiveContext(string? baseIri)
    {
        BaseIri = baseIri;
        OriginalBaseUrl = baseIri;
        Terms = new Dictionary<string, TermDefinition>(StringComparer.Ordinal);
    }

    private ActiveContext(ActiveContext other)
    {
        BaseIri = other.BaseIri;
        OriginalBaseUrl = other.OriginalBaseUrl;
        Vocab = other.Vocab;
        DefaultLanguage = other.DefaultLanguage;
        DefaultDirection = other.DefaultDirection;
        PreviousContext = other.PreviousContext;
        Terms = new Dictionary<string, TermDefinition>(other.Terms, StringComparer.Ordinal);
    }

    public string? BaseIri { get; set; }

    public string? OriginalBaseUrl { get; set; }

    public string? Vocab { get; set; }

    public string? DefaultLanguage { get; set; }

    public string? DefaultDirection { get; set; }

    public ActiveContext? PreviousContext { get; set; }

    public Dictionary<string, TermDefinition> Terms { get; }


    public ActiveContext Clone() => new(this);

    public TermDefinition? Term(string? term) => term is not null && Terms.TryGetValue(term, out TermDefinition? definition) ? definition : null;
}
