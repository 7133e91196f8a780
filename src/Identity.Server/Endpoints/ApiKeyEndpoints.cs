using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>
/// Operator endpoints (admin key) for a tenant's API keys: list them (never a secret or its hash), create one (its
/// secret is shown once), revoke one (refused at once on every replica, since each request checks the store).
/// </summary>
internal static class ApiKeyEndpoints
{
    public static RouteGroupBuilder MapApiKeys(this RouteGroupBuilder admin)
    {
        // Lists the tenant's API keys, revoked and expired ones included, oldest first.
        admin.MapGet("/tenants/{tenant}/api-keys", async (string tenant, HttpContext context, Authenticator auth, IIdentityStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            if (await store.GetTenantAsync(tenant, ct) is null)
            {
                return Problems.For(new Error(ErrorCodes.NotFound, $"There is no tenant '{tenant}'."));
            }

            var now = time.GetUtcNow();
            var keys = new JsonArray();
            foreach (var key in await store.ListApiKeysAsync(tenant, ct))
            {
                keys.Add(Describe(key, now));
            }

            return Results.Json(new JsonObject { ["apiKeys"] = keys });
        })
        .WithSummary("List a tenant's API keys").Produces<ApiKeyList>().ProducesProblem(401).ProducesProblem(404);

        // Creates an API key, optionally expiring; the key itself is in this response only.
        admin.MapPost("/tenants/{tenant}/api-keys", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, TenantService tenants, TimeProvider time, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            DateTimeOffset? expires = null;
            if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
            {
                var request = await body.ReadObjectAsync(context.Request, ct);
                if (!request.IsSuccess)
                {
                    return Problems.For(request.Error!);
                }

                var parsed = ReadExpires(request.Value);
                if (!parsed.IsSuccess)
                {
                    return Problems.For(parsed.Error!);
                }

                expires = parsed.Value;
            }

            var created = await tenants.CreateApiKeyAsync(tenant, expires, ct);
            if (!created.IsSuccess)
            {
                return Problems.For(created.Error!);
            }

            var json = Describe(created.Value.Record, time.GetUtcNow());
            json["apiKey"] = created.Value.Key;
            return Results.Json(json, statusCode: StatusCodes.Status201Created);
        })
        .WithSummary("Create a tenant API key (shown once)")
        .WithDescription("The body may be omitted for a key that does not expire. The key is in this response only.")
        .Accepts<CreateApiKeyRequest>("application/json").Produces<ApiKeyInfo>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);

        // Revokes an API key: from the next request on, every replica answers 401 to it.
        admin.MapDelete("/tenants/{tenant}/api-keys/{id}", async (string tenant, string id, HttpContext context, Authenticator auth, TenantService tenants, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            var revoked = await tenants.RevokeApiKeyAsync(tenant, id, ct);
            return revoked.IsSuccess ? Results.NoContent() : Problems.For(revoked.Error!);
        })
        .WithSummary("Revoke a tenant API key").Produces(StatusCodes.Status204NoContent).ProducesProblem(401).ProducesProblem(404);

        return admin;
    }

    // Never the key or its hash: its id, the non-secret start of the key, and its lifecycle.
    private static JsonObject Describe(ApiKeyRecord key, DateTimeOffset now) => new()
    {
        ["id"] = key.Id,
        ["hint"] = ApiKeys.Hint(key),
        ["created"] = Instant(key.CreatedAt),
        ["expires"] = key.ExpiresAt is { } expires ? Instant(expires) : null,
        ["revoked"] = key.RevokedAt is { } revoked ? Instant(revoked) : null,
        ["active"] = key.IsUsableAt(now),
    };

    private static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Result<DateTimeOffset?> ReadExpires(JsonObject request)
    {
        if (request["expires"] is null)
        {
            return (DateTimeOffset?)null;
        }

        var text = JsonText.String(request["expires"]);
        return text is not null && text.Length <= 64
            && DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (text.EndsWith('Z') || text[^6] is '+' or '-')
            ? (DateTimeOffset?)at.ToUniversalTime()
            : new Error(ErrorCodes.InvalidRequest, "expires must be an RFC 3339 date-time with a time zone, e.g. \"2027-01-31T00:00:00Z\".");
    }
}
