using System.Globalization;

namespace Identity.Primitives;

/// <summary>
/// The work one request may spend, in abstract units, shared by everything that request triggers: every proof, JSON-LD
/// expansion, context processing, <c>toRdf</c>, RDFC-1.0 canonicalization and JCS serialization. Each algorithm
/// charges units in proportion to the operations it performs (a node expanded, a term defined, a quad hashed, an
/// identifier map copied), so a budget bounds CPU time whatever the shape of the input; once it is spent, every further
/// charge fails and the caller stops with <see cref="ErrorCodes.WorkLimitExceeded"/>.
/// </summary>
/// <remarks>
/// Deliberately mutable: it is a counter. Create one per request (or per verification run) and pass it explicitly;
/// never share one between unrelated requests, and never keep one in static state.
/// <threadsafety>Thread-safe: charges are atomic, so parallel work of one request may share it.</threadsafety>
/// </remarks>
public sealed class WorkBudget
{
    /// <summary>The default limit for one request: enough for a presentation of many ordinary credentials with RDFC
    /// proofs several times over, and spent in well under two seconds of CPU by the costliest input.</summary>
    public const long DefaultLimit = 2_000_000;

    private long _remaining;

    /// <summary>A budget of <paramref name="limit"/> units.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public WorkBudget(long limit = DefaultLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        Limit = limit;
        _remaining = limit;
    }

    /// <summary>The units this budget started with.</summary>
    public long Limit { get; }

    /// <summary>The units charged so far (at most <see cref="Limit"/> plus the one charge that overran it).</summary>
    public long Used => Limit - Volatile.Read(ref _remaining);

    /// <summary>True once a charge has overrun the budget; it stays spent.</summary>
    public bool IsExhausted => Volatile.Read(ref _remaining) < 0;

    /// <summary>Charges <paramref name="units"/>; false when the budget is (now) spent, and the work must stop.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="units"/> is negative.</exception>
    public bool TryCharge(long units = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        if (Volatile.Read(ref _remaining) < 0)
        {
            return false;
        }

        return Interlocked.Add(ref _remaining, -units) >= 0;
    }

    /// <summary>The error for a refusal by this budget, naming what was being done (<paramref name="activity"/>).</summary>
    public Error Exceeded(string activity) => new(
        ErrorCodes.WorkLimitExceeded,
        string.Create(CultureInfo.InvariantCulture, $"{activity} needed more work than one request may spend ({Limit:N0} units); the input was not checked."));
}
