// References:
//   RDF Dataset Canonicalization (RDFC-1.0), §4.5 Issue Identifier Algorithm — https://www.w3.org/TR/rdf-canon/#issue-identifier

namespace Identity.JsonLd.Rdf;

/// <summary>Issues <c>prefix0</c>, <c>prefix1</c>, … to blank-node identifiers in first-seen order (RDFC-1.0 §4.5).</summary>
/// <remarks>Mutable working state of one canonicalization run; never shared between threads.</remarks>
internal sealed class IdentifierIssuer
{
    private readonly string _prefix;
    private readonly Dictionary<string, string> _issued;
    private readonly List<string> _order;

    public IdentifierIssuer(string prefix)
    {
        _prefix = prefix;
        _issued = new Dictionary<string, string>(StringComparer.Ordinal);
        _order = [];
    }

    private IdentifierIssuer(IdentifierIssuer other)
    {
        _prefix = other._prefix;
        _issued = new Dictionary<string, string>(other._issued, StringComparer.Ordinal);
        _order = new List<string>(other._order);
    }

    /// <summary>The existing identifiers, in the order their identifiers were issued.</summary>
    public IReadOnlyList<string> IssuedOrder => _order;

    public int Count => _order.Count;

    public string Issue(string existing)
    {
        if (_issued.TryGetValue(existing, out string? issued))
        {
            return issued;
        }

        issued = _prefix + _order.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _issued.Add(existing, issued);
        _order.Add(existing);
        return issued;
    }

    public bool TryGet(string existing, out string issued) => _issued.TryGetValue(existing, out issued!);

    public bool Has(string existing) => _issued.ContainsKey(existing);

    public IdentifierIssuer Clone() => new(this);
}
