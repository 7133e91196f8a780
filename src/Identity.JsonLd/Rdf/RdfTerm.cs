// References:
//   RDF 1.1 Concepts and Abstract Syntax, §3 (IRIs, literals, blank nodes) — https://www.w3.org/TR/rdf11-concepts/

namespace Identity.JsonLd.Rdf;

/// <summary>The kind of an <see cref="RdfTerm"/>.</summary>
public enum RdfTermKind : byte
{
    /// <summary>The default graph (only in a quad's graph position).</summary>
    DefaultGraph = 0,

    /// <summary>An absolute IRI.</summary>
    Iri = 1,

    /// <summary>A blank node; <see cref="RdfTerm.Value"/> is its label without <c>_:</c>.</summary>
    BlankNode = 2,

    /// <summary>A literal with a datatype IRI and, for <c>rdf:langString</c>, a language tag.</summary>
    Literal = 3,
}

/// <summary>An RDF term: an IRI, a blank node, a literal, or the default graph.</summary>
/// <remarks>
/// Invariant: a literal always has a <see cref="Datatype"/>; a literal with a <see cref="Language"/> has the datatype
/// <c>rdf:langString</c>. Other kinds carry neither.
/// <threadsafety>Immutable; safe from any thread.</threadsafety>
/// </remarks>
public readonly record struct RdfTerm(RdfTermKind Kind, string Value, string? Datatype = null, string? Language = null)
{
    /// <summary><c>http://www.w3.org/2001/XMLSchema#string</c>.</summary>
    public const string XsdString = "http://www.w3.org/2001/XMLSchema#string";

    /// <summary><c>http://www.w3.org/1999/02/22-rdf-syntax-ns#langString</c>.</summary>
    public const string RdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

    /// <summary>The default graph.</summary>
    public static RdfTerm DefaultGraph { get; } = new(RdfTermKind.DefaultGraph, string.Empty);

    /// <summary>True for a blank node.</summary>
    public bool IsBlankNode => Kind == RdfTermKind.BlankNode;

    /// <summary>An IRI term.</summary>
    public static RdfTerm Iri(string iri) => new(RdfTermKind.Iri, iri);

    /// <summary>A blank node labelled <paramref name="label"/> (without <c>_:</c>).</summary>
    public static RdfTerm Blank(string label) => new(RdfTermKind.BlankNode, label);

    /// <summary>A literal; <paramref name="datatype"/> defaults to <c>xsd:string</c>, or <c>rdf:langString</c> when a language is given.</summary>
    public static RdfTerm Literal(string lexical, string? datatype = null, string? language = null) =>
        new(RdfTermKind.Literal, lexical, language is null ? datatype ?? XsdString : RdfLangString, language);
}

/// <summary>An RDF quad; <see cref="Graph"/> is <see cref="RdfTerm.DefaultGraph"/> for a triple of the default graph.</summary>
/// <threadsafety>Immutable; safe from any thread.</threadsafety>
public readonly record struct RdfQuad(RdfTerm Subject, RdfTerm Predicate, RdfTerm Object, RdfTerm Graph);
