using Identity.Primitives;
using Identity.Server.Security;
using Identity.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Server.WebConsole.Pages;

/// <summary>Signs an operator in with a tenant API key or the admin key, and out again (rate-limited as the verify endpoints are).</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Http.RateLimits.Verify)]
internal sealed class IndexModel(ConsoleSession session, Authenticator auth, IIdentityStore store) : ConsolePageModel
{
    protected override ConsoleArea Area => ConsoleArea.Anyone;

    public IActionResult OnGet() => SignedIn is null ? Page() : Redirect(SignedIn.IsAdmin ? "/console/operator" : "/console/tenant");

    public async Task<IActionResult> OnPostSignInAsync(string? key, CancellationToken cancellationToken)
    {
        key = key?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > 512)
        {
            return Refused(new Error(ErrorCodes.Unauthorized, "Enter an API key or the admin key."));
        }

        // A tenant key names its tenant through its id; anything else must be the admin key.
        string? tenantId = null;
        Error? denied;
        if (ApiKeys.TryParse(key, out var id, out _))
        {
            tenantId = (await store.FindApiKeyAsync(id, cancellationToken))?.TenantId;
            denied = tenantId is null
                ? new Error(ErrorCodes.Unauthorized, "The API key is not valid.")
                : await auth.RequireTenantAsync(key, tenantId, cancellationToken);
        }
        else
        {
            denied = auth.RequireAdmin(key);
        }

        if (denied is not null)
        {
            return Refused(denied);
        }

        session.SignIn(HttpContext, key, tenantId);
        return Redirect(tenantId is null ? "/console/operator" : "/console/tenant");
    }

    public IActionResult OnPostSignOut()
    {
        ConsoleSession.SignOut(HttpContext);
        return Redirect("/console");
    }
}
