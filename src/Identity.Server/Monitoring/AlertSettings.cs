using System.Globalization;
using Identity.Server.Configuration;

namespace Identity.Server.Monitoring;

/// <summary>The bounds of alert delivery and retention, read once at start (docs/monitoring.md, "Alerts").</summary>
internal sealed record AlertSettings
{
    /// <summary>Alerts a subscriber may have waiting; a subscriber further behind is dropped (its stream ends).</summary>
    public const int SubscriberBuffer = 256;

    /// <summary>Batches of accepted readings waiting for evaluation; when full, a batch is not evaluated (logged, counted).</summary>
    public const int QueuedBatches = 256;

    /// <summary>Most alerts <c>GET /tenants/{t}/alerts</c> returns at once.</summary>
    public const int MaxListed = 1000;

    /// <summary>Open alert streams per tenant (<c>IDENTITY_ALERT_STREAMS_PER_TENANT</c>, default 16); more are refused with 429.</summary>
    public int StreamsPerTenant { get; init; } = 16;

    /// <summary>Idle time after which a stream sends a comment line (<c>IDENTITY_ALERT_HEARTBEAT_SECONDS</c>, default 15).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long raised alerts are kept (<c>IDENTITY_ALERT_RETENTION_DAYS</c>, default 30).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Most alerts kept per tenant, the newest (<c>IDENTITY_ALERT_MAX_PER_TENANT</c>, default 100,000).</summary>
    public int MaxPerTenant { get; init; } = 100_000;

    /// <exception cref="SettingsException">A setting is not a whole number in its range.</exception>
    public static AlertSettings From(IConfiguration configuration) => new()
    {
        StreamsPerTenant = Int(configuration, "IDENTITY_ALERT_STREAMS_PER_TENANT", 16, 1, 10_000),
        Heartbeat = TimeSpan.FromSeconds(Int(configuration, "IDENTITY_ALERT_HEARTBEAT_SECONDS", 15, 1, 300)),
        Retention = TimeSpan.FromDays(Int(configuration, "IDENTITY_ALERT_RETENTION_DAYS", 30, 1, 3650)),
        MaxPerTenant = Int(configuration, "IDENTITY_ALERT_MAX_PER_TENANT", 100_000, 1, 10_000_000),
    };

    private static int Int(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new SettingsException($"{key} must be a whole number from {min} to {max}, not '{text}'.");
    }
}
