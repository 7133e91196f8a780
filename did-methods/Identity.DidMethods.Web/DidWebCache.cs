using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Web;

/// <summary>
/// A bounded map from DID to resolution outcome with per-entry expiry. When full it drops expired entries, then the
/// entry closest to expiry: a flood of distinct DIDs costs refetches, never unbounded memory.
/// </summary>
/// <remarks><threadsafety>Thread-safe (one lock; every operation is short).</threadsafety></remarks>
internal sealed class DidWebCache(int capacity)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string did, DateTimeOffset now, out Result<DidDocument> outcome)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(did, out var entry))
            {
                if (now < entry.Expires)
                {
                    outcome = entry.Outcome;
                    return true;
                }

                _entries.Remove(did);
            }
        }

        outcome = default;
        return false;
    }

    public void Set(string did, Result<DidDocument> outcome, DateTimeOffset now, TimeSpan ttl)
    {
        if (capacity <= 0 || ttl <= TimeSpan.Zero)
        {
            return;
        }

        lock (_lock)
        {
            if (!_entries.ContainsKey(did) && _entries.Count >= capacity)
            {
                MakeRoom(now);
            }

            _entries[did] = new Entry(outcome, now + ttl);
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        string? soonest = null;
        var soonestExpiry = DateTimeOffset.MaxValue;
        foreach (var (key, entry) in _entries)
        {
            if (entry.Expires <= now)
            {
                _entries.Remove(key); // allowed during enumeration of Dictionary since .NET Core 3.0
            }
            else if (entry.Expires < soonestExpiry)
            {
                (soonest, soonestExpiry) = (key, entry.Expires);
            }
        }

        if (_entries.Count >= capacity && soonest is not null)
        {
            _entries.Remove(soonest);
        }
    }

    private readonly record struct Entry(Result<DidDocument> Outcome, DateTimeOffset Expires);
}
