namespace Identity.Primitives.Caching;

/// <summary>
/// A least-recently-used map whose bound is a number of bytes: each entry is weighed by what it holds (the caller's
/// estimate of its size in memory, plus <see cref="EntryOverheadBytes"/>), and the least recently used entries go
/// until the total fits. Each entry also has its own expiry. For caches of fetched material (status lists, DID
/// documents), where counting entries would let a few large ones, or many distinct keys, take any amount of memory.
/// </summary>
/// <typeparam name="TKey">The key; callers canonicalize it (a URL without fragment, a DID) so variants share one entry.</typeparam>
/// <typeparam name="TValue">What is cached; immutable, since it is handed to concurrent readers.</typeparam>
/// <remarks>
/// <para>Invariant: <see cref="SizeBytes"/> ≤ <see cref="CapacityBytes"/> and <see cref="Count"/> ≤ the entry limit at
/// every moment outside the lock. An item heavier than the whole capacity is not cached.</para>
/// <para>Mutable by design (it is a cache), like NSec's keys: the deliberate exception to the immutability rule.</para>
/// <threadsafety>Thread-safe: every member takes one lock, and nothing slow (no I/O, no weighing) runs under it.</threadsafety>
/// </remarks>
public sealed class ByteBoundedCache<TKey, TValue>
    where TKey : notnull
{
    /// <summary>What every entry costs besides its weight: its node, dictionary slot and bookkeeping.</summary>
    public const int EntryOverheadBytes = 128;

    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<Item>> _items;
    private readonly int _maxEntries;

    // Invariant: holds exactly the nodes of _items, most recently used first; _size is the sum of their weights.
    private readonly LinkedList<Item> _recency = new();
    private long _size;

    /// <summary>Creates an empty cache.</summary>
    /// <param name="capacityBytes">The most bytes the entries may weigh together; 0 turns caching off.</param>
    /// <param name="maxEntries">An additional bound on the number of entries; <see cref="int.MaxValue"/> for none.</param>
    /// <param name="comparer">Compares keys; the default comparer when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacityBytes"/> or <paramref name="maxEntries"/> is negative.</exception>
    public ByteBoundedCache(long capacityBytes, int maxEntries = int.MaxValue, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        CapacityBytes = capacityBytes;
        _maxEntries = maxEntries;
        _items = new Dictionary<TKey, LinkedListNode<Item>>(comparer);
    }

    /// <summary>The bound on <see cref="SizeBytes"/>.</summary>
    public long CapacityBytes { get; }

    /// <summary>The number of entries held (expired ones included until they are next touched or evicted).</summary>
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

    /// <summary>The total weight of the entries held, overhead included.</summary>
    public long SizeBytes
    {
        get
        {
            lock (_gate)
            {
                return _size;
            }
        }
    }

    /// <summary>The value cached under <paramref name="key"/> if it has not expired at <paramref name="now"/>; a hit makes it the most recently used.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public bool TryGet(TKey key, DateTimeOffset now, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_items.TryGetValue(key, out LinkedListNode<Item>? node))
            {
                if (now < node.Value.ExpiresAt)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }

                RemoveNode(node);
            }

            value = default!;
            return false;
        }
    }

    /// <summary>
    /// Caches <paramref name="value"/> under <paramref name="key"/> until <paramref name="expiresAt"/>, replacing any
    /// previous value, then evicts the least recently used entries until the cache is within its bounds.
    /// </summary>
    /// <param name="key">The canonical key.</param>
    /// <param name="value">The value.</param>
    /// <param name="weightBytes">The caller's estimate of the bytes <paramref name="value"/> and <paramref name="key"/> hold in memory.</param>
    /// <param name="expiresAt">The first instant the entry is no longer returned.</param>
    /// <returns>False when the entry was not cached: caching is off, or it alone outweighs <see cref="CapacityBytes"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weightBytes"/> is negative.</exception>
    public bool Set(TKey key, TValue value, long weightBytes, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(weightBytes);
        long weight = weightBytes + EntryOverheadBytes;
        lock (_gate)
        {
            if (_items.TryGetValue(key, out LinkedListNode<Item>? existing))
            {
                RemoveNode(existing);
            }

            if (weight > CapacityBytes || _maxEntries == 0)
            {
                return false;
            }

            while ((_size + weight > CapacityBytes || _items.Count >= _maxEntries) && _recency.Last is { } oldest)
            {
                RemoveNode(oldest);
            }

            _items[key] = _recency.AddFirst(new Item(key, value, weight, expiresAt));
            _size += weight;
            return true;
        }
    }

    /// <summary>Removes the entry under <paramref name="key"/>, if any.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public void Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_items.TryGetValue(key, out LinkedListNode<Item>? node))
            {
                RemoveNode(node);
            }
        }
    }

    private void RemoveNode(LinkedListNode<Item> node)
    {
        _recency.Remove(node);
        _items.Remove(node.Value.Key);
        _size -= node.Value.Weight;
    }

    private sealed record Item(TKey Key, TValue Value, long Weight, DateTimeOffset ExpiresAt);
}
