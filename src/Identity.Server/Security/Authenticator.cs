using Identity.Primitives;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;key&gt;</c> and decides who the caller is. A small handler of our own: the
/// JwtBearer middleware does not restore here, and these are opaque keys, not tokens. API keys are looked up in the
/// store on every request (no cache), so a revocation or an expiry holds at once on every replica.
/// </summary>
internal sealed class Authenticator(IIdentityStore store, AdminKey adminKey, TimeProvider time)
{
    /// <summary>The caller must be the operator.</summary>
    public Error? RequireAdmin(HttpContext context) => RequireAdmin(Bearer(context));

    /// <summary>The presented key must be the admin key (the console passes the key its session holds).</summary>
    public Error? RequireAdmin(string? presented)
    {
        if (presented is null)
        {
            return new Error(ErrorCodes.Unauthorized, "This endpoint needs the admin key as 'Authorization: Bearer <key>'.");
        }

        return adminKey.Matches(presented) ? null : new Error(ErrorCodes.Unauthorized, "The admin key is not valid.");
    }

    /// <summary>The caller must hold an API key of <paramref name="tenantId"/>; a key of another tenant is refused.</summary>
    public Task<Error?> RequireTenantAsync(HttpContext context, string tenantId, CancellationToken cancellationToken) =>
        RequireTenantAsync(Bearer(context), tenantId, cancellationToken);

    /// <summary>The presented key must be an API key of <paramref name="tenantId"/> (the console passes the key its session holds).</summary>
    public async Task<Error?> RequireTenantAsync(string? presented, string tenantId, CancellationToken cancellationToken)
    {
        if (presented is null)
        {
            return new Error(ErrorCodes.Unauthorized, "This endpoint needs the tenant's API key as 'Authorization: Bearer <key>'.");
        }

        if (!ApiKeys.TryParse(presented, out var id, out var secret))
        {
            return new Error(ErrorCodes.Unauthorized, "The API key is not valid.");
        }

        var record = await store.FindApiKeyAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null || !ApiKeys.SecretMatches(record, secret))
        {
            return new Error(ErrorCodes.Unauthorized, "The API key is not valid.");
        }

        // Said only to a caller who holds the secret: the key is genuine but no longer authenticates.
        if (!record.IsUsableAt(time.GetUtcNow()))
        {
            return new Error(ErrorCodes.Unauthorized, record.RevokedAt is not null ? "This API key was revoked." : "This API key has expired.");
        }

        return string.Equals(record.TenantId, tenantId, StringComparison.Ordinal)
            ? null
            : new Error(ErrorCodes.Forbidden, $"This API key belongs to another tenant; it cannot act on tenant '{tenantId}'.");
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
