using Identity.Primitives;
using Identity.Server.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Server.WebConsole;

/// <summary>Which sign-in a console page needs.</summary>
internal enum ConsoleArea
{
    Anyone,
    Tenant,
    Operator,
}

/// <summary>
/// The base of every console page: reads the session and checks its key again on every request, through the same
/// <see cref="Authenticator"/> the HTTP API uses, so a revoked or expired API key ends the session at once.
/// </summary>
internal abstract class ConsolePageModel : PageModel
{
    /// <summary>The sign-in this page needs; pages that need one send everyone else to the sign-in form.</summary>
    protected abstract ConsoleArea Area { get; }

    /// <summary>The verified sign-in, or null on a page anyone may open.</summary>
    public ConsoleSignIn? SignedIn { get; private set; }

    /// <summary>One line that says what the last action did.</summary>
    public string? Notice { get; protected set; }

    /// <summary>The error the last action ended with, shown with its stable code.</summary>
    public Error? Failure { get; protected set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        SignedIn = await VerifiedSignInAsync(HttpContext);
        bool allowed = Area switch
        {
            ConsoleArea.Tenant => SignedIn is { IsAdmin: false },
            ConsoleArea.Operator => SignedIn is { IsAdmin: true },
            _ => true,
        };
        if (!allowed)
        {
            context.Result = new RedirectResult("/console");
            return;
        }

        await next();
    }

    /// <summary>The session's sign-in when its key still authenticates; a session whose key no longer does is ended.</summary>
    public static async Task<ConsoleSignIn?> VerifiedSignInAsync(HttpContext context)
    {
        var session = context.RequestServices.GetRequiredService<ConsoleSession>().Read(context);
        if (session is null)
        {
            return null;
        }

        var auth = context.RequestServices.GetRequiredService<Authenticator>();
        var denied = session.IsAdmin ? auth.RequireAdmin(session.Key) : await auth.RequireTenantAsync(session.Key, session.TenantId!, context.RequestAborted);
        if (denied is null)
        {
            return session;
        }

        ConsoleSession.SignOut(context);
        return null;
    }

    /// <summary>Shows <paramref name="error"/> on the page; a 4xx status so a tool reading the page sees the refusal too.</summary>
    protected PageResult Refused(Error error)
    {
        Failure = error;
        Response.StatusCode = Http.Problems.StatusOf(error.Code) is >= 400 and < 500 and var status ? status : StatusCodes.Status400BadRequest;
        return Page();
    }
}
