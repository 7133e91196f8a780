// References:
//   RDF Dataset Canonicalization (RDFC-1.0), §4.5 Issue Identifier Algorithm — https://www.w3.org/TR/rdf-canon/#issue-identifier

using System.Collections.Immutable;

namespace Identity.JsonLd.Rdf;

/// <summary>Issues <c>prefix0</c>, <c>prefix1</c>, … to blank-node identifiers in first-seen order (RDFC-1.0 §4.5).</summary>
/// <remarks>
/// Mutable working state of one canonicalization run; never shared between threads. The issued map and order are
/// persistent (immutable) collections, so <see cref="Clone"/> is O(1) and a copy costs memory only for what it issues
/// after the copy: hash-n-degree copies the issuer for every permutation at every level, and with full copies a long
/// chain of blank nodes would need memory quadratic in its length.
/// </remarks>
internal sealed class IdentifierIssuer
{
    private static readonly ImmutableDictionary<string, string> s_empty = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    private readonly string _prefix;
    private ImmutableDictionary<string, string> _issued;
    private ImmutableList<string> _order;

    public IdentifierIssuer(string prefix)
    {
        _prefix = prefix;
        _issued = s_empty;
        _order = [];
    }

    private IdentifierIssuer(IdentifierIssuer other)
    {
        _prefix = other._prefix;
        _issued = other._issued;
        _order = other._order;
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
        _issued = _issued.Add(existing, issued);
        _order = _order.Add(existing);
        return issued;
    }

    public bool TryGet(string existing, out string issued) => _issued.TryGetValue(existing, out issued!);

    public bool Has(string existing) => _issued.ContainsKey(existing);

    public IdentifierIssuer Clone() => new(this);
}
