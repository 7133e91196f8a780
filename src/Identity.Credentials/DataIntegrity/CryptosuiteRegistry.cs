// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §3.1 DataIntegrityProof
//   (the cryptosuite property), https://www.w3.org/TR/vc-data-integrity/#dataintegrityproof
using System.Collections.Frozen;
using Identity.Credentials.Cryptosuites;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>The cryptosuites a signer or verifier accepts, looked up by their <c>cryptosuite</c> name.</summary>
/// <remarks><threadsafety>Immutable after construction; safe to share between threads.</threadsafety></remarks>
public sealed class CryptosuiteRegistry
{
    private readonly FrozenDictionary<string, ICryptosuite> _suites;

    /// <summary>Registers <paramref name="suites"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="suites"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentException">Two suites share a name.</exception>
    public CryptosuiteRegistry(IEnumerable<ICryptosuite> suites)
    {
        ArgumentNullException.ThrowIfNull(suites);
        var byName = new Dictionary<string, ICryptosuite>(StringComparer.Ordinal);
        foreach (ICryptosuite suite in suites)
        {
            ArgumentNullException.ThrowIfNull(suite, nameof(suites));
            if (!byName.TryAdd(suite.Name, suite))
            {
                throw new ArgumentException($"The cryptosuite '{suite.Name}' is registered twice.", nameof(suites));
            }
        }

        _suites = byName.ToFrozenDictionary(StringComparer.Ordinal);
        Names = _suites.Keys;
    }

    /// <summary>The suites that need no JSON-LD processing: <c>eddsa-jcs-2022</c> and <c>ecdsa-jcs-2019</c> (see <see cref="WithJsonLd"/>).</summary>
    public static CryptosuiteRegistry Default { get; } = new([new EddsaJcs2022(), new EcdsaJcs2019()]);

    /// <summary>
    /// Every suite this library implements: the JCS suites, the RDF suites <c>eddsa-rdfc-2022</c> and
    /// <c>ecdsa-rdfc-2019</c>, and the legacy <c>Ed25519Signature2020</c> (verify only), which load JSON-LD contexts through <paramref name="jsonLd"/> (offline).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="jsonLd"/> is null.</exception>
    public static CryptosuiteRegistry WithJsonLd(JsonLdProcessor jsonLd) =>
        new([new EddsaJcs2022(), new EcdsaJcs2019(), new EddsaRdfc2022(jsonLd), new EcdsaRdfc2019(jsonLd), new Ed25519Signature2020(jsonLd)]);

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>Finds a suite by its exact (case-sensitive) name.</summary>
    /// <returns>The suite, or <c>unsupportedCryptosuite</c> when <paramref name="name"/> is null or not registered.</returns>
    public Result<ICryptosuite> Get(string? name)
    {
        if (name is not null && _suites.TryGetValue(name, out ICryptosuite? suite))
        {
            return Result<ICryptosuite>.Success(suite);
        }

        return new Error(
            ErrorCodes.UnsupportedCryptosuite,
            name is null ? "The proof names no cryptosuite." : $"The cryptosuite '{name}' is not supported; supported: {string.Join(", ", Names)}.");
    }
}
