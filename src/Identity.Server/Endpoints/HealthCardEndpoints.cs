// References: SMART Health Cards Framework v1.4.0, https://spec.smarthealth.cards/
using System.Text.Json.Nodes;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;
using Identity.Server.Contracts;
using Identity.Server.Health;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Telemetry;

namespace Identity.Server.Endpoints;

/// <summary>SMART Health Cards: issuing as a tenant, the tenant's key set and revocation lists, and verifying.</summary>
internal static class HealthCardEndpoints
{
    public static IEndpointRouteBuilder MapHealthCards(this IEndpointRouteBuilder app)
    {
        // Issues a FHIR Bundle as a SMART Health Card signed by the tenant's health-card key (tenant key).
        app.MapPost("/tenants/{tenant}/health-cards", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, HealthCardIssuer issuer, IdentityMetrics metrics, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var issued = request.IsSuccess ? await issuer.IssueAsync(tenant, request.Value, ct) : request.Error!;
            if (!issued.IsSuccess)
            {
                return Problems.For(issued.Error!);
            }

            metrics.Issued(tenant);
            var cards = new JsonArray(issued.Value.Jws);
            return Results.Json(new JsonObject
            {
                ["verifiableCredential"] = cards,
                ["qr"] = new JsonArray([.. issued.Value.Qr.Select(q => (JsonNode)JsonValue.Create(q))]),
                ["file"] = new JsonObject { ["verifiableCredential"] = cards.DeepClone() },
                ["credentialId"] = issued.Value.CredentialId,
            }, statusCode: StatusCodes.Status201Created);
        })
        .WithTags("Health cards").WithSummary("Issue a SMART Health Card").RequireTenantKey()
        .WithDescription("Validates the FHIR R4 Bundle, minimises it, and signs it (ES256, zip DEF, kid = RFC 7638 thumbprint) with the tenant's health-card key; the card gets a rid in the tenant's revocation list.")
        .Accepts<HealthCardIssueRequest>("application/json").Produces<IssuedHealthCard>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // The tenant's health-card keys (public only), with each key's CRL counter.
        app.MapGet("/tenants/{tenant}/.well-known/jwks.json", async (string tenant, HttpContext context, HealthCardKeys keys, CancellationToken ct) =>
        {
            var jwks = await keys.JwksAsync(tenant, ct);
            if (!jwks.IsSuccess)
            {
                return Problems.For(jwks.Error!);
            }

            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text(jwks.Value.ToJsonString(), "application/json");
        })
        .WithTags("Health cards").WithSummary("The tenant's SMART Health Card key set (JWKS)").Produces<HealthCardJwks>().ProducesProblem(404);

        // The card revocation list of one of the tenant's health-card keys.
        app.MapGet("/tenants/{tenant}/.well-known/crl/{file}", async (string tenant, string file, HttpContext context, HealthCardKeys keys, CancellationToken ct) =>
        {
            var crl = file.EndsWith(".json", StringComparison.Ordinal)
                ? await keys.CrlAsync(tenant, file[..^".json".Length], ct)
                : new Error(ErrorCodes.NotFound, "A CRL is at /.well-known/crl/{kid}.json.");
            if (!crl.IsSuccess)
            {
                return Problems.For(crl.Error!);
            }

            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.CacheControl = "public, max-age=60";
            return Results.Text(crl.Value.ToJsonString(), "application/json");
        })
        .WithTags("Health cards").WithSummary("A SMART Health Card revocation list (CRL) of one key").Produces<HealthCardCrl>().ProducesProblem(404);

        // Verifies health cards: 200 when every check passed, 422 with every check when not, 4xx for input that is no card.
        app.MapPost("/health-cards/verify", async (HttpContext context, JsonBody body, HealthCardVerifier verifier, CancellationToken ct) =>
        {
            var request = await body.ReadObjectAsync(context.Request, ct);
            var verdict = request.IsSuccess ? await verifier.VerifyAsync(request.Value, ct) : request.Error!;
            if (!verdict.IsSuccess)
            {
                return Problems.For(verdict.Error!);
            }

            if (!verdict.Value.Result.Verified)
            {
                return VerificationResponses.From(verdict.Value.Result);
            }

            var json = verdict.Value.Result.ToJson();
            json.Remove("errors");
            json["healthCards"] = verdict.Value.Cards;
            return Results.Text(json.ToJsonString(), "application/json");
        })
        .RequireRateLimiting(RateLimits.Verify)
        .WithTags("Health cards").WithSummary("Verify SMART Health Cards (JWS, shc:/ QR text or .smart-health-card file)")
        .Accepts<HealthCardVerifyRequest>("application/json").Produces<HealthCardVerdict>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(429);

        return app;
    }
}
