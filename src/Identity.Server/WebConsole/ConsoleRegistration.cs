using Microsoft.AspNetCore.DataProtection;


namespace Identity.Server.WebConsole;

/// <summary>
/// The web console at <c>/console</c>: server-rendered Razor Pages, forms only, one stylesheet served from the assembly,
/// antiforgery tokens on every POST, and a Content-Security-Policy that allows nothing else. The one exception is the
/// alerts page: one same-origin script that reads the same-origin alert stream, under a policy allowing just that.
/// </summary>
internal static class ConsoleRegistration
{
    /// <summary>No script, no inline style, no frames; forms post back to this origin only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>The alerts page alone runs one script, served from this origin, that reads the alert stream of this origin.</summary>
    public const string AlertsContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string StylesheetResource = "Identity.Server.WebConsole.console.css";
    private const string AlertsScriptResource = "Identity.Server.WebConsole.alerts.js";

    public static IServiceCollection AddIdentityConsole(this IServiceCollection services)
    {
        // In-memory protection keys: sessions and form tokens end with the process (see ConsoleSession).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddRazorPages(options => options.RootDirectory = "/WebConsole/Pages");
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "identity-console-form";
            options.Cookie.Path = "/console";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__form";
            options.SuppressXFrameOptionsHeader = false;
        });
        services.AddSingleton<ConsoleSession>();
        return services;
    }

    public static WebApplication MapIdentityConsole(this WebApplication app)
    {
        // Every console response: the policy above, no caching (pages show keys once), no referrer.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/console"), console => console.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Request.Path.Equals("/console/alerts", StringComparison.OrdinalIgnoreCase)
                    ? AlertsContentSecurityPolicy
                    : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next(context);
        }));

        app.MapGet("/", () => Results.Redirect("/console")).ExcludeFromDescription();
        app.MapGet("/console/console.css", () => Results.Stream(
            typeof(ConsoleRegistration).Assembly.GetManifestResourceStream(StylesheetResource)!, "text/css; charset=utf-8")).ExcludeFromDescription();
        app.MapGet("/console/alerts.js", () => Results.Stream(
            typeof(ConsoleRegistration).Assembly.GetManifestResourceStream(AlertsScriptResource)!, "text/javascript; charset=utf-8")).ExcludeFromDescription();

        // The alerts page's live feed: the tenant's alert stream, authorised by the console session instead of a bearer key.
        app.MapGet("/console/alerts/stream", async (HttpContext context, Monitoring.AlertHub hub, Monitoring.AlertSettings settings, TimeProvider time, IHostApplicationLifetime lifetime) =>
            await ConsolePageModel.VerifiedSignInAsync(context) is { IsAdmin: false, TenantId: { } tenant }
                ? await Endpoints.AlertEndpoints.StreamAsync(context, tenant, hub, settings, time, lifetime)
                : Http.Problems.For(new Primitives.Error(Primitives.ErrorCodes.Unauthorized, "Sign in to the console with the tenant's API key.")))
            .ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}
