namespace Identity.Server.Configuration;

/// <summary>
/// The console log: one line per event as text (the default) or as JSON objects for a log collector
/// (<c>IDENTITY_LOG_FORMAT=json</c>). Levels come from the <c>Logging</c> section of appsettings.json, which keeps
/// ASP.NET Core's per-request events below <c>info</c>.
/// </summary>
internal static class LoggingSetup
{
    public static WebApplicationBuilder AddIdentityLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (ServerSettings.From(builder.Configuration).LogFormat == LogFormat.Json)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        // The host logs a failed start with its whole trace before rethrowing; StartupFailures prints the operator's
        // failures as one line instead, and rethrows the others (their trace then comes from the runtime, once).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        return builder;
    }
}

/// <summary>How the console log is written (<c>IDENTITY_LOG_FORMAT</c>).</summary>
internal enum LogFormat
{
    /// <summary>Human-readable lines (the default).</summary>
    Text,

    /// <summary>One JSON object per event (<c>Timestamp</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, <c>State</c>).</summary>
    Json,
}
