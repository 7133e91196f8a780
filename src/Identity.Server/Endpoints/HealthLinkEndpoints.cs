// References: SMART Health Links, https://build.fhir.org/ig/HL7/smart-health-cards-and-links/links-specification.html
using System.Text.Json.Nodes;
using Identity.Storage;
using Identity.Primitives;
using Identity.Server.Contracts;
using Identity.Server.Health;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Status;

namespace Identity.Server.Endpoints;

/// <summary>SMART Health Links: a tenant creates and revokes links; anyone holding a link fetches its manifest.</summary>
internal static class HealthLinkEndpoints
{
    public static IEndpointRouteBuilder MapHealthLinks(this IEndpointRouteBuilder app)
    {
        // Creates a link to encrypted files (tenant key); the key is in the returned link only.
        app.MapPost("/tenants/{tenant}/health-links", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, HealthLinkService links, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var created = request.IsSuccess ? await links.CreateAsync(tenant, request.Value, ct) : request.Error!;
            return created.IsSuccess
                ? Results.Json(new JsonObject
                {
                    ["shlink"] = created.Value.Link,
                    ["linkId"] = created.Value.LinkId,
                    ["manifestUrl"] = created.Value.ManifestUrl,
                    ["credentialId"] = created.Value.CredentialId,
                    ["exp"] = created.Value.Expires,
                }, statusCode: StatusCodes.Status201Created)
                : Problems.For(created.Error!);
        })
        .WithTags("Health links").WithSummary("Create a SMART Health Link").RequireTenantKey()
        .Accepts<HealthLinkCreateRequest>("application/json").Produces<CreatedHealthLink>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // The manifest of an active link: its files as JWE; a passcode link counts and limits attempts.
        app.MapPost("/tenants/{tenant}/health-links/{link}/manifest", async (string tenant, string link, HttpContext context, JsonBody body, HealthLinkService links, CancellationToken ct) =>
        {
            var request = await body.ReadObjectAsync(context.Request, ct);
            var manifest = request.IsSuccess ? await links.ManifestAsync(tenant, link, request.Value, ct) : request.Error!;
            if (manifest.IsSuccess)
            {
                context.Response.Headers.CacheControl = "no-store";
                return Results.Text(manifest.Value.ToJsonString(), "application/json");
            }

            return Problems.For(manifest.Error!, manifest.Error!.Code switch
            {
                ErrorCodes.InvalidPasscode => StatusCodes.Status401Unauthorized,
                ErrorCodes.PasscodeAttemptsExceeded => StatusCodes.Status403Forbidden,
                ErrorCodes.HealthLinkInactive => StatusCodes.Status404NotFound,
                _ => null,
            });
        })
        .RequireRateLimiting(RateLimits.Verify)
        .WithTags("Health links").WithSummary("A SMART Health Link's manifest")
        .Accepts<HealthLinkManifestRequest>("application/json").Produces<HealthLinkManifest>()
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(429);

        // Revokes a link for good (tenant key): its manifest answers healthLinkInactive from then on.
        app.MapDelete("/tenants/{tenant}/health-links/{link}", async (string tenant, string link, HttpContext context, Authenticator auth, StatusListService status, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var revoked = HealthLinkService.IsLinkId(link)
                ? await status.SetStatusAsync(tenant, HealthLinkService.CredentialIdOf(link), StatusPurpose.Revocation, true, ct)
                : new Error(ErrorCodes.NotFound, "There is no such link.");
            return revoked.IsSuccess
                ? Results.Json(new JsonObject { ["linkId"] = link, ["revoked"] = true })
                : Problems.For(revoked.Error!);
        })
        .WithTags("Health links").WithSummary("Revoke a SMART Health Link").RequireTenantKey()
        .Produces<RevokedHealthLink>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        return app;
    }
}
