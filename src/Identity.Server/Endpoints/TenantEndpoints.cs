using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>Operator endpoints (admin key): tenants, their keys, and the audit chain check.</summary>
internal static class TenantEndpoints
{
    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").WithTags("Operator").RequireAdminKey();

        // Creates a hospital tenant with its keys, did:web and did:key, and returns its first API key (shown once).
        admin.MapPost("/tenants", async (HttpContext context, Authenticator auth, JsonBody body, TenantService tenants, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            if (!request.IsSuccess)
            {
                return Problems.For(request.Error!);
            }

            var name = JsonText.String(request.Value["name"]);
            var id = request.Value.ContainsKey("id") ? JsonText.String(request.Value["id"]) : TenantIds.Generate();
            if (name is null || name.Length is 0 or > 200)
            {
                return Problems.For(new Error(ErrorCodes.InvalidRequest, "name must be a string of 1 to 200 characters."));
            }

            if (!TenantIds.IsValid(id))
            {
                return Problems.For(new Error(ErrorCodes.InvalidRequest, "id must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit."));
            }

            var keyType = ParseKeyType(request.Value["keyType"]);
            if (!keyType.IsSuccess)
            {
                return Problems.For(keyType.Error!);
            }

            var created = await tenants.CreateAsync(id!, name, keyType.Value, ct);
            if (!created.IsSuccess)
            {
                return Problems.For(created.Error!);
            }

            var c = created.Value;
            return Results.Json(
                new JsonObject { ["id"] = c.Tenant.Id, ["name"] = c.Tenant.Name, ["did"] = c.Did, ["didKey"] = c.DidKey, ["apiKey"] = c.ApiKey },
                statusCode: StatusCodes.Status201Created);
        })
        .WithSummary("Create a hospital tenant")
        .WithDescription("Creates the tenant with its first signing key, its did:web and did:key, and returns its first API key (shown once).")
        .Accepts<CreateTenantRequest>("application/json").Produces<CreatedTenant>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(401).ProducesProblem(409);

        // Adds a signing key; later issuance uses it, earlier keys stay in the DID document until retired.
        admin.MapPost("/tenants/{tenant}/keys", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, TenantService tenants, TenantDirectory directory, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            var keyType = Result<KeyType>.Success(KeyType.Ed25519);
            if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
            {
                var request = await body.ReadObjectAsync(context.Request, ct);
                if (!request.IsSuccess)
                {
                    return Problems.For(request.Error!);
                }

                keyType = ParseKeyType(request.Value["keyType"]);
            }

            if (!keyType.IsSuccess)
            {
                return Problems.For(keyType.Error!);
            }

            var added = await tenants.AddKeyAsync(tenant, keyType.Value, ct);
            return added.IsSuccess
                ? Results.Json(KeyJson(added.Value, directory.DidWebOf(tenant)), statusCode: StatusCodes.Status201Created)
                : Problems.For(added.Error!);
        })
        .WithSummary("Add (rotate to) a new tenant key")
        .WithDescription("Later issuance signs with the new key; earlier keys stay in the DID document until retired. The body may be omitted (Ed25519).")
        .Accepts<AddKeyRequest>("application/json").Produces<TenantKey>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);

        // Retires a key: it leaves the DID document, so credentials it signed no longer verify.
        admin.MapPost("/tenants/{tenant}/keys/{keyId}/retire", async (string tenant, string keyId, HttpContext context, Authenticator auth, TenantService tenants, TenantDirectory directory, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            var retired = await tenants.RetireKeyAsync(tenant, keyId, ct);
            return retired.IsSuccess ? Results.Json(KeyJson(retired.Value, directory.DidWebOf(tenant))) : Problems.For(retired.Error!);
        })
        .WithSummary("Retire a tenant key")
        .WithDescription("The key leaves the DID document, so credentials it signed no longer verify; the last active key cannot be retired (`lastActiveKey`).")
        .Produces<TenantKey>().ProducesProblem(401).ProducesProblem(404).ProducesProblem(409);

        admin.MapApiKeys();

        // Lists tenants with their DIDs.
        admin.MapGet("/tenants", async (HttpContext context, Authenticator auth, IIdentityStore store, TenantDirectory directory, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            var list = new JsonArray();
            foreach (var t in await store.ListTenantsAsync(ct))
            {
                list.Add(new JsonObject { ["id"] = t.Id, ["name"] = t.Name, ["did"] = directory.DidWebOf(t.Id) });
            }

            return Results.Json(new JsonObject { ["tenants"] = list });
        })
        .WithSummary("List tenants").Produces<TenantList>().ProducesProblem(401);

        // Recomputes the audit log's Merkle tree from its entries and checks it against the last checkpoint signed.
        admin.MapGet("/audit/verify", async (HttpContext context, Authenticator auth, IIdentityStore store, Audit.AuditWriter writer, TransparencyLog.LogService log, CancellationToken ct) =>
        {
            if (auth.RequireAdmin(context) is { } denied)
            {
                return Problems.For(denied);
            }

            await writer.FlushAsync(ct);
            var report = await AuditLog.VerifyAsync(store, ct);
            var signed = log.LastSigned();
            string? problem = report.Problem;
            if (report.Valid && signed is { Checkpoint: var checkpoint })
            {
                problem = checkpoint.Size > report.Entries
                    ? $"The log has {report.Entries} entries, fewer than the {checkpoint.Size} of the last signed checkpoint."
                    : (await log.RootAsync(checkpoint.Size, ct)).AsSpan().SequenceEqual(checkpoint.Root) ? null
                    : $"The first {checkpoint.Size} entries no longer hash to the root of the last signed checkpoint.";
            }

            return Results.Json(new JsonObject
            {
                ["entries"] = report.Entries,
                ["valid"] = problem is null,
                // A rewrite under a still-consistent tree is located only to "within the checkpoint", so no sequence is named.
                ["firstInvalidSequence"] = report.FirstInvalidSequence ?? (signed is { } s && s.Checkpoint.Size > report.Entries ? report.Entries + 1 : null),
                ["problem"] = problem,
                ["checkpointSize"] = signed?.Checkpoint.Size,
            });
        })
        .WithSummary("Check the audit log against its entries and the last signed checkpoint").Produces<AuditReport>().ProducesProblem(401);

        // The tenant's did:web document.
        app.MapGet("/tenants/{tenant}/did.json", async (string tenant, HttpRequest request, ServerSettings settings, TenantDirectory directory, CancellationToken ct) =>
        {
            var document = await directory.GetDidWebDocumentAsync(tenant, ct);
            return document is null
                ? Problems.For(new Error(ErrorCodes.NotFound, $"There is no tenant '{tenant}'."))
                : DidDocumentFile.For(document, request, settings.DidDocumentMaxAge);
        })
        .WithTags("DIDs").WithSummary("A tenant's did:web document (JSON-LD)")
        .Produces<Contracts.DidDocument>(200, DidDocumentJson.DidLdJson, DidDocumentJson.DidJson).ProducesProblem(404);

        return app;
    }

    private static JsonObject KeyJson(TenantKeyRecord key, string did) => new()
    {
        ["id"] = key.KeyId,
        ["verificationMethod"] = $"{did}#{key.KeyId}",
        ["type"] = key.KeyType,
        ["publicKeyMultibase"] = key.PublicKeyMultibase,
        ["created"] = key.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["retired"] = key.RetiredAt?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static Result<KeyType> ParseKeyType(JsonNode? node) => JsonText.String(node) switch
    {
        null when node is null => KeyType.Ed25519,
        "Ed25519" => KeyType.Ed25519,
        "P-256" => KeyType.P256,
        "P-384" => KeyType.P384,
        _ => new Error(ErrorCodes.InvalidRequest, "keyType must be \"Ed25519\" (the default), \"P-256\" or \"P-384\"."),
    };
}
