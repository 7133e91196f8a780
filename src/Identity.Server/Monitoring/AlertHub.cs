using System.Collections.Immutable;
using System.Threading.Channels;

namespace Identity.Server.Monitoring;

/// <summary>
/// Live delivery of raised alerts to a tenant's open streams. Each subscriber has its own bounded buffer of
/// <see cref="AlertSettings.SubscriberBuffer"/> alerts; publishing never waits: a subscriber whose buffer is full is
/// dropped (its stream ends, and the client catches up from the list), so a slow or absent reader neither delays the
/// others nor grows memory. A tenant has at most <see cref="AlertSettings.StreamsPerTenant"/> subscribers.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class AlertHub(AlertSettings settings)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ImmutableArray<AlertSubscription>> _subscribers = new(StringComparer.Ordinal);

    /// <summary>A new subscription to the tenant's alerts, or null when the tenant already has its most streams open.</summary>
    public AlertSubscription? Subscribe(string tenantId)
    {
        lock (_gate)
        {
            var current = _subscribers.GetValueOrDefault(tenantId, []);
            if (current.Length >= settings.StreamsPerTenant)
            {
                return null;
            }

            var subscription = new AlertSubscription(this, tenantId);
            _subscribers[tenantId] = current.Add(subscription);
            return subscription;
        }
    }

    /// <summary>The number of open subscriptions of a tenant.</summary>
    public int Count(string tenantId)
    {
        lock (_gate)
        {
            return _subscribers.GetValueOrDefault(tenantId, []).Length;
        }
    }

    /// <summary>Hands <paramref name="alert"/> to each of the tenant's subscribers without waiting.</summary>
    public void Publish(string tenantId, Alert alert, long sequence)
    {
        ImmutableArray<AlertSubscription> current;
        lock (_gate)
        {
            current = _subscribers.GetValueOrDefault(tenantId, []);
        }

        foreach (var subscription in current)
        {
            subscription.Offer(new AlertDelivery(alert, sequence));
        }
    }

    internal void Remove(AlertSubscription subscription)
    {
        lock (_gate)
        {
            var current = _subscribers.GetValueOrDefault(subscription.TenantId, []).Remove(subscription);
            if (current.IsEmpty)
            {
                _subscribers.Remove(subscription.TenantId);
            }
            else
            {
                _subscribers[subscription.TenantId] = current;
            }
        }
    }
}

/// <summary>An alert as delivered to a stream, with its storage sequence number (the event's <c>id</c>).</summary>
internal sealed record AlertDelivery(Alert Alert, long Sequence);

/// <summary>One open stream's view of the hub; disposing it frees the tenant's stream slot.</summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class AlertSubscription : IDisposable
{
    private readonly AlertHub _hub;
    private readonly Channel<AlertDelivery> _buffer = Channel.CreateBounded<AlertDelivery>(
        new BoundedChannelOptions(AlertSettings.SubscriberBuffer) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    private int _disposed;
    private bool _dropped;

    internal AlertSubscription(AlertHub hub, string tenantId) => (_hub, TenantId) = (hub, tenantId);

    public string TenantId { get; }

    public ChannelReader<AlertDelivery> Reader => _buffer.Reader;

    /// <summary>True once the subscriber fell <see cref="AlertSettings.SubscriberBuffer"/> alerts behind and was dropped.</summary>
    public bool Dropped => Volatile.Read(ref _dropped);

    internal void Offer(AlertDelivery delivery)
    {
        if (!_buffer.Writer.TryWrite(delivery))
        {
            // Invariant: marked before completing, so a reader that sees the end also sees why.
            Volatile.Write(ref _dropped, true);
            _buffer.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _buffer.Writer.TryComplete();
            _hub.Remove(this);
        }
    }
}
