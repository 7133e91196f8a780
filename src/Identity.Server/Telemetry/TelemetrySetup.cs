// References: OpenTelemetry .NET 1.21 (https://github.com/open-telemetry/opentelemetry-dotnet), OTLP exporter
//   environment variables (https://opentelemetry.io/docs/specs/otel/protocol/exporter/).
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Identity.Server.Telemetry;

/// <summary>
/// Traces and metrics: ASP.NET Core, HttpClient (did:web and status-list fetches), Npgsql and <see cref="IdentityMetrics"/>,
/// exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (off by default; the standard <c>OTEL_*</c>
/// settings such as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and <c>OTEL_SERVICE_NAME</c> apply).
/// </summary>
internal static class TelemetrySetup
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddIdentityTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IdentityMetrics>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointSetting]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("identity"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Npgsql", IdentityMetrics.MeterName))
            .UseOtlpExporter();
        return builder;
    }
}
