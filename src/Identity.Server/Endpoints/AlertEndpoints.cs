using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.Monitoring;
using Identity.Server.OpenApi;
using Identity.Server.Security;

namespace Identity.Server.Endpoints;

/// <summary>
/// Remote-monitoring alerts (docs/monitoring.md, "Alerts"): each patient's rules set by the hospital, the alerts they
/// raised as a list, and live as server-sent events. Every endpoint takes the tenant's API key.
/// </summary>
internal static class AlertEndpoints
{
    public const int DefaultListed = 100;

    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton(sp => AlertSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<AlertRuleBook>().AddSingleton<AlertHistory>().AddSingleton<AlertHub>().AddSingleton<AlertRecorder>().AddSingleton<AlertPipeline>();
        services.AddSingleton<Storage.IAlertStore>(sp => (Storage.IAlertStore)sp.GetRequiredService<Storage.IIdentityStore>());
        services.AddSingleton<IReadingListener>(sp => sp.GetRequiredService<AlertPipeline>());
        return services.AddHostedService(sp => sp.GetRequiredService<AlertPipeline>());
    }

    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tenants/{tenant}").WithTags("Monitoring");

        // Replaces a patient's alert rules, checked whole: known LOINC code, a UCUM unit of it, numeric thresholds, at most 32.
        group.MapPut("/patients/{patient}/alert-rules", async (string tenant, string patient, HttpContext context, Authenticator auth, JsonBody body, AlertRuleBook book, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var did = book.PatientOf(tenant, patient);
            var request = did.IsSuccess ? await body.ReadObjectAsync(context.Request, ct) : did.Error!;
            var rules = request.IsSuccess ? AlertRule.ParseSet(request.Value) : request.Error!;
            var stored = rules.IsSuccess ? await book.PutAsync(tenant, did.Value, rules.Value, ct) : rules.Error!;
            return stored.IsSuccess ? Results.Json(AlertRule.ToJson(stored.Value)) : Problems.For(stored.Error!);
        })
        .RequireTenantKey()
        .WithSummary("Set a patient's alert rules")
        .WithDescription("`{patient}` is the patient's DID (URL-encoded) or the id of one of the tenant's patient DIDs. The answer echoes the stored rules.")
        .Accepts<AlertRuleSet>("application/json").Produces<AlertRuleSet>()
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415);

        // A patient's alert rules (an empty list when none are set).
        group.MapGet("/patients/{patient}/alert-rules", async (string tenant, string patient, HttpContext context, Authenticator auth, AlertRuleBook book, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var did = book.PatientOf(tenant, patient);
            var rules = did.IsSuccess ? await book.GetAsync(tenant, did.Value, ct) : did.Error!;
            return rules.IsSuccess ? Results.Json(AlertRule.ToJson(rules.Value)) : Problems.For(rules.Error!);
        })
        .RequireTenantKey()
        .WithSummary("A patient's alert rules")
        .Produces<AlertRuleSet>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // The tenant's recent alerts, newest first.
        group.MapGet("/alerts", async (string tenant, HttpContext context, Authenticator auth, AlertHistory history, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var query = ReadQuery(context.Request);
            if (!query.IsSuccess)
            {
                return Problems.For(query.Error!);
            }

            var alerts = await history.ListAsync(tenant, query.Value.Since, query.Value.Limit, ct);
            return Results.Json(new JsonObject { ["alerts"] = new JsonArray([.. alerts.Select(a => (JsonNode)a.Alert.ToJson())]) });
        })
        .RequireTenantKey()
        .WithSummary("The tenant's recent alerts")
        .WithDescription($"`since` an RFC 3339 date-time (alerts raised at or after it; default: all kept); `limit` 1 to {AlertSettings.MaxListed} (default {DefaultListed}). Newest first.")
        .Produces<AlertList>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);

        // The tenant's alerts as they are raised, as server-sent events (event `alert`), with heartbeat comments.
        group.MapGet("/alerts/stream", async (string tenant, HttpContext context, Authenticator auth, AlertHub hub, AlertSettings settings, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            return await StreamAsync(context, tenant, hub, settings, time, lifetime);
        })
        .RequireTenantKey()
        .WithSummary("The tenant's alerts as server-sent events")
        .WithDescription($"Send `Accept: text/event-stream`. Each alert is event `alert` (id = its sequence number, data = the alert's JSON); a comment every idle heartbeat; event `dropped` ends a stream that fell {AlertSettings.SubscriberBuffer} alerts behind (catch up from GET /alerts). A tenant has a bounded number of open streams: beyond, 429 `rateLimited`.")
        .Produces<string>(200, AlertStream.ContentType).ProducesProblem(401).ProducesProblem(403).ProducesProblem(406).ProducesProblem(429);

        return app;
    }

    /// <summary>Streams the tenant's alerts to a caller already authenticated for <paramref name="tenant"/> (the API and the console).</summary>
    public static async Task<IResult> StreamAsync(
        HttpContext context, string tenant, AlertHub hub, AlertSettings settings, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        if (!context.Request.Headers.Accept.Any(a => a is not null && a.Contains(AlertStream.ContentType, StringComparison.OrdinalIgnoreCase)))
        {
            return Problems.For(new Error(ErrorCodes.RepresentationNotSupported, "This is a server-sent event stream: send Accept: text/event-stream."));
        }

        using var subscription = hub.Subscribe(tenant);
        if (subscription is null)
        {
            return Problems.For(new Error(ErrorCodes.RateLimited, $"The tenant already has {settings.StreamsPerTenant} alert streams open; close one, or read GET /tenants/{tenant}/alerts."));
        }

        await AlertStream.WriteAsync(context, subscription, settings.Heartbeat, time, lifetime.ApplicationStopping);
        return Results.Empty;
    }

    private static Result<(DateTimeOffset Since, int Limit)> ReadQuery(HttpRequest request)
    {
        var since = DateTimeOffset.MinValue;
        int limit = DefaultListed;
        if (request.Query["since"] is { Count: > 0 } s)
        {
            var text = s.ToString();
            if (text.Length > 64
                || !DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out since)
                || !(text.EndsWith('Z') || text[^6] is '+' or '-'))
            {
                return new Error(ErrorCodes.InvalidRequest, "since must be an RFC 3339 date-time with a time zone, e.g. \"2027-01-31T00:00:00Z\".");
            }
        }

        if (request.Query["limit"] is { Count: > 0 } l
            && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AlertSettings.MaxListed))
        {
            return new Error(ErrorCodes.InvalidRequest, $"limit must be an integer from 1 to {AlertSettings.MaxListed}.");
        }

        return (since, limit);
    }
}
