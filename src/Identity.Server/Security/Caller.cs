namespace Identity.Server.Security;

/// <summary>Who made a request: the operator (admin key), a tenant (its API key), or nobody.</summary>
internal sealed record Caller(bool IsAdmin, string? TenantId)
{
    public static Caller Anonymous { get; } = new(false, null);

    public static Caller Admin { get; } = new(true, null);

    public static Caller Tenant(string tenantId) => new(false, tenantId);
}
