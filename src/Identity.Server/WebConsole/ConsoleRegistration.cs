using Microsoft.AspNetCore.DataProtection;


namespace Identity.Server.WebConsole;

/// <summary>
/// The web console at <c>/console</c>: server-rendered Razor Pages, forms only (no script at all), one stylesheet served
/// from the assembly, antiforgery tokens on every POST, and a Content-Security-Policy that allows nothing else.
/// </summary>
internal static class ConsoleRegistration
{
    /// <summary>No script, no inline style, no frames; forms post back to this origin only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private const string StylesheetResource = "Identity.Server.WebConsole.console.css";

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
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
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
        app.MapRazorPages();
        return app;
    }
}
