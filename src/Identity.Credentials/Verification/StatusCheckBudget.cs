using Identity.Primitives;

namespace Identity.Credentials.Verification;

/// <summary>
/// What one verification request may spend on status: at most <see cref="MaxFetches"/> distinct status lists fetched
/// (cache misses), shared by the presentation and every credential in it, and each list fetched at most once (its
/// outcome, good or bad, is remembered for the rest of the request). Bounds the network work and memory one request
/// can cause, whatever the number of credentials and <c>credentialStatus</c> entries it carries.
/// </summary>
/// <remarks>
/// Mutable by design and confined to one verification run, like the run's context: not for sharing between requests.
/// <threadsafety>Not thread-safe; the steps of one run use it one after another.</threadsafety>
/// </remarks>
public sealed class StatusCheckBudget
{
    /// <summary>The default number of distinct status lists one request may fetch.</summary>
    public const int DefaultMaxFetches = 8;

    private readonly Dictionary<string, object> _outcomes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _fetched = new(StringComparer.Ordinal);

    /// <summary>Creates a budget.</summary>
    /// <param name="maxFetches">The number of distinct lists that may be fetched.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFetches"/> is negative.</exception>
    public StatusCheckBudget(int maxFetches = DefaultMaxFetches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFetches);
        MaxFetches = maxFetches;
    }

    /// <summary>The number of distinct lists that may be fetched.</summary>
    public int MaxFetches { get; }

    /// <summary>The number of distinct lists fetched so far.</summary>
    public int Fetches => _fetched.Count;

    /// <summary>
    /// Admits a fetch of the list at <paramref name="canonicalUrl"/>, or returns why not: <c>statusListLimitExceeded</c>
    /// once <see cref="MaxFetches"/> other lists have been fetched. A list already admitted is admitted again.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="canonicalUrl"/> is null.</exception>
    public Error? AdmitFetch(string canonicalUrl)
    {
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        if (_fetched.Contains(canonicalUrl) || _fetched.Count < MaxFetches)
        {
            _fetched.Add(canonicalUrl);
            return null;
        }

        return new Error(ErrorCodes.StatusListLimitExceeded,
            $"This request already fetched {MaxFetches} status lists, the most one request may; {canonicalUrl} was not fetched.");
    }

    /// <summary>Remembers the outcome of fetching the list at <paramref name="canonicalUrl"/> for the rest of the request.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Remember(string canonicalUrl, object outcome)
    {
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        ArgumentNullException.ThrowIfNull(outcome);
        _outcomes[canonicalUrl] = outcome;
    }

    /// <summary>The outcome remembered for <paramref name="canonicalUrl"/>, if any and of type <typeparamref name="T"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="canonicalUrl"/> is null.</exception>
    public bool TryRecall<T>(string canonicalUrl, out T outcome)
    {
        ArgumentNullException.ThrowIfNull(canonicalUrl);
        if (_outcomes.TryGetValue(canonicalUrl, out object? stored) && stored is T typed)
        {
            outcome = typed;
            return true;
        }

        outcome = default!;
        return false;
    }
}
