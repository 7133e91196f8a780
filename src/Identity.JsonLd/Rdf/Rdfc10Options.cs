// References:
//   RDF Dataset Canonicalization (RDFC-1.0), §4.1 (hash algorithm parameter; bounding work on poison graphs) — https://www.w3.org/TR/rdf-canon/

using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.JsonLd.Rdf;

/// <summary>Parameters of one RDFC-1.0 run.</summary>
/// <threadsafety>Immutable; safe from any thread.</threadsafety>
public sealed record Rdfc10Options
{
    /// <summary>The default bound on work units (see <see cref="MaxWork"/>).</summary>
    public const int DefaultMaxWork = 2_500_000;

    /// <summary>The shared default: SHA-256 and <see cref="DefaultMaxWork"/>.</summary>
    public static Rdfc10Options Default { get; } = new();

    /// <summary>The hash function: SHA-256 (the default) or SHA-384.</summary>
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>
    /// The most work the hash-n-degree step may do when no <see cref="Budget"/> is given, counted per Hash N-Degree Quads
    /// call (50 units plus 25 per quad of the node) and per permutation tried (25 units plus 12 per node permuted).
    /// Exceeding it fails with <c>canonicalizationLimitExceeded</c>. The hardest positive
    /// datasets of the W3C rdf-canon suite (its "evil" poison tests) need about 206,000 units; its 10-node clique is
    /// refused within the default bound in about a second; a typical credential needs none.
    /// </summary>
    public int MaxWork { get; init; } = DefaultMaxWork;

    /// <summary>
    /// The request's work budget, or null. When set, all of this run's work is charged to it (instead of being bounded
    /// by <see cref="MaxWork"/>), and running out fails with <see cref="ErrorCodes.WorkLimitExceeded"/>.
    /// </summary>
    public WorkBudget? Budget { get; init; }
}
