using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Identity.Server.WebConsole;

/// <summary>
/// The console's sign-in: the key the operator typed is kept in one cookie, encrypted and authenticated with ASP.NET Core
/// Data Protection (HttpOnly, SameSite=Strict, path /console, Secure over HTTPS), with an expiry inside the protected
/// payload. The key never goes into a URL, a page or browser storage. The protection keys live in memory only, so a
/// restart signs everyone out and nothing readable is left on disk.
/// </summary>
internal sealed class ConsoleSession(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "identity-console";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly IDataProtector _protector = protection.CreateProtector("Identity.Server.WebConsole.Session.v1");

    /// <summary>Stores <paramref name="key"/> for this browser; <paramref name="tenantId"/> is null for the operator's admin key.</summary>
    public void SignIn(HttpContext context, string key, string? tenantId)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(key, tenantId, time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds()));
        try
        {
            var sealedBytes = _protector.Protect(payload);
            context.Response.Cookies.Append(CookieName, Convert.ToBase64String(sealedBytes), Options(context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>The signed-in key and tenant, or null when there is no valid, unexpired session cookie.</summary>
    public ConsoleSignIn? Read(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var cookie) || cookie is not { Length: > 0 and < 4096 })
        {
            return null;
        }

        var sealedBytes = new byte[cookie.Length];
        if (!Convert.TryFromBase64String(cookie, sealedBytes, out var length))
        {
            return null;
        }

        byte[] payload;
        try
        {
            payload = _protector.Unprotect(sealedBytes.AsSpan(0, length).ToArray());
        }
        catch (CryptographicException)
        {
            return null; // Tampered, or sealed before a restart: not signed in.
        }

        var read = JsonSerializer.Deserialize<Payload>(Encoding.UTF8.GetString(payload));
        CryptographicOperations.ZeroMemory(payload);
        return read is { Key.Length: > 0 } && DateTimeOffset.FromUnixTimeSeconds(read.Expires) > time.GetUtcNow()
            ? new ConsoleSignIn(read.Key, read.Tenant)
            : null;
    }

    public static void SignOut(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/console",
        IsEssential = true,
    };

    private sealed record Payload(string Key, string? Tenant, long Expires);
}

/// <summary>Who is signed in to the console: a tenant's API key (<see cref="TenantId"/> set) or the operator's admin key.</summary>
internal sealed record ConsoleSignIn(string Key, string? TenantId)
{
    public bool IsAdmin => TenantId is null;
}
