namespace Identity.Server.OpenApi;

/// <summary>
/// Which bearer key an endpoint asks for, as endpoint metadata: the OpenAPI document applies the matching security
/// scheme and lists 401 (and 403 for a tenant key). The handler itself checks the key (<see cref="Security.Authenticator"/>);
/// <c>OpenApiDocumentTests</c> proves that the two agree for every endpoint.
/// </summary>
internal sealed record BearerKey(string Scheme)
{
    /// <summary>The operator's admin key (<c>IDENTITY_ADMIN_KEY</c> or <c>data/admin.key</c>).</summary>
    public const string Admin = "adminKey";

    /// <summary>A tenant API key (<c>idk_…</c>), of the tenant named in the path.</summary>
    public const string Tenant = "tenantApiKey";
}

/// <summary>Declares an endpoint's (or a group's) bearer key.</summary>
internal static class BearerKeyConventions
{
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BearerKey(BearerKey.Admin));

    public static TBuilder RequireTenantKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BearerKey(BearerKey.Tenant));
}
