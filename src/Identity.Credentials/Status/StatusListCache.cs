namespace Identity.Credentials.Status;

/// <summary>A bounded least-recently-used map from status list URL to a verified list, each item with its own expiry.</summary>
/// <remarks><threadsafety>Thread-safe: every member takes one lock; nothing slow runs under it.</threadsafety></remarks>
internal sealed class StatusListCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Item>> _items = new(StringComparer.Ordinal);

    // Invariant: holds exactly the nodes of _items, most recently used first; Count ≤ capacity.
    private readonly LinkedList<Item> _recency = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>The list cached under <paramref name="url"/> if it has not expired at <paramref name="now"/>.</summary>
    public bool TryGet(string url, DateTimeOffset now, out VerifiedStatusList list)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(url, out LinkedListNode<Item>? node))
            {
                if (now < node.Value.ExpiresAt)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    list = node.Value.List;
                    return true;
                }

                RemoveNode(node);
            }

            list = null!;
            return false;
        }
    }

    /// <summary>Caches <paramref name="list"/> until <paramref name="expiresAt"/>, evicting the least recently used item when full.</summary>
    public void Set(string url, VerifiedStatusList list, DateTimeOffset expiresAt)
    {
        if (capacity <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_items.TryGetValue(url, out LinkedListNode<Item>? existing))
            {
                RemoveNode(existing);
            }

            while (_items.Count >= capacity && _recency.Last is { } oldest)
            {
                RemoveNode(oldest);
            }

            _items[url] = _recency.AddFirst(new Item(url, list, expiresAt));
        }
    }

    public void Remove(string url)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(url, out LinkedListNode<Item>? node))
            {
                RemoveNode(node);
            }
        }
    }

    private void RemoveNode(LinkedListNode<Item> node)
    {
        _recency.Remove(node);
        _items.Remove(node.Value.Url);
    }

    private sealed record Item(string Url, VerifiedStatusList List, DateTimeOffset ExpiresAt);
}
