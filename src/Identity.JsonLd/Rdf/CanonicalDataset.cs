using System.Text;

namespace Identity.JsonLd.Rdf;

/// <summary>The result of RDFC-1.0: the canonical N-Quads document and the issued identifiers map.</summary>
/// <threadsafety>Immutable; safe from any thread.</threadsafety>
public sealed record CanonicalDataset
{
    internal CanonicalDataset(byte[] utf8, IReadOnlyDictionary<string, string> issuedIdentifiers, int work)
    {
        Work = work;
        Utf8 = utf8;
        IssuedIdentifiers = issuedIdentifiers;
    }

    /// <summary>The canonical N-Quads document as UTF-8 (the bytes to hash).</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>Input blank-node label (without <c>_:</c>) → canonical label (<c>c14nN</c>).</summary>
    public IReadOnlyDictionary<string, string> IssuedIdentifiers { get; }

    /// <summary>The hash-n-degree work units this run used (see <see cref="Rdfc10Options.MaxWork"/>).</summary>
    public int Work { get; }

    /// <summary>The canonical N-Quads document.</summary>
    public string NQuads => Encoding.UTF8.GetString(Utf8.Span);
}
