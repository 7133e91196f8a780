namespace Identity.Credentials.Status;

/// <summary>
/// Verified Token Status Lists by (issuer, URI), bounded by the sum of their decompressed sizes; the oldest entries
/// go first. Kept apart from the Bitstring lists' cache (<see cref="BitstringStatusListChecker"/>) on purpose: its own small budget.
/// </summary>
/// <remarks><threadsafety>Thread-safe: every member takes the lock.</threadsafety></remarks>
internal sealed class TokenStatusListCache(long capacityBytes)
{
    // A fixed per-entry overhead so that many tiny lists are weighed too.
    private const int EntryOverhead = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Issuer, string Uri), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();
    private long _bytes;

    private sealed record Entry((string Issuer, string Uri) Key, TokenStatusList List, DateTimeOffset Expires, long Weight);

    public bool TryGet(string issuer, string uri, DateTimeOffset now, out TokenStatusList list)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((issuer, uri), out var node))
            {
                if (node.Value.Expires > now)
                {
                    list = node.Value.List;
                    return true;
                }

                Remove(node);
            }
        }

        list = null!;
        return false;
    }

    public void Set(string issuer, string uri, TokenStatusList list, DateTimeOffset now, DateTimeOffset expires)
    {
        long weight = list.ByteLength + (2L * (issuer.Length + uri.Length)) + EntryOverhead;
        if (expires <= now || weight > capacityBytes)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue((issuer, uri), out var existing))
            {
                Remove(existing);
            }

            while (_bytes + weight > capacityBytes && _order.First is { } oldest)
            {
                Remove(oldest);
            }

            var node = _order.AddLast(new Entry((issuer, uri), list, expires, weight));
            _entries[(issuer, uri)] = node;
            _bytes += weight;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Weight;
    }
}
