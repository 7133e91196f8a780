// References: OpenID for Verifiable Presentations 1.0 (final, 2025), §5.10 (request_uri), §8.2 (response_uri),
//   https://openid.net/specs/openid-4-verifiable-presentations-1_0.html ; RFC 9101 (JAR media type)
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.OpenId4Vc.Presentation;
using Identity.Server.Security;

namespace Identity.Server.Endpoints;

/// <summary>A tenant as OpenID4VP verifier: requests (tenant key), their request objects and response endpoints (public).</summary>
internal static class Oid4VpEndpoints
{
    public const string RequestObjectMediaType = "application/oauth-authz-req+jwt";

    public static IEndpointRouteBuilder MapOid4Vp(this IEndpointRouteBuilder app)
    {
        // Creates a request: a signed request object behind request_uri, and the openid4vp:// link to show the wallet.
        app.MapPost("/tenants/{tenant}/oid4vp/requests", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, PresentationRequestService requests, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var created = request.IsSuccess ? await requests.CreateAsync(tenant, request.Value, ct) : request.Error!;
            return created.IsSuccess ? Results.Json(created.Value, statusCode: StatusCodes.Status201Created) : Problems.For(created.Error!);
        })
        .WithTags("OpenID4VP").WithSummary("Create an OpenID4VP presentation request").RequireTenantKey()
        .WithDescription("Signs a request object (ES256, `oauth-authz-req+jwt`) as the tenant's verifier identity with a fresh nonce and the DCQL query; the request lives IDENTITY_CHALLENGE_SECONDS.")
        .Accepts<PresentationRequestCreate>("application/json").Produces<PresentationRequestCreated>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // The outcome: pending, verified with the disclosed claims, or failed with every check.
        app.MapGet("/tenants/{tenant}/oid4vp/requests/{id}", async (string tenant, string id, HttpContext context, Authenticator auth, PresentationRequestService requests, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var status = await requests.GetStatusAsync(tenant, id, ct);
            context.Response.Headers.CacheControl = "no-store";
            return status.IsSuccess ? Results.Json(status.Value) : Problems.For(status.Error!);
        })
        .WithTags("OpenID4VP").WithSummary("The outcome of an OpenID4VP request").RequireTenantKey()
        .Produces<PresentationRequestOutcome>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // The request object the wallet fetches (request_uri), while the request is pending and unexpired.
        app.MapGet("/tenants/{tenant}/oid4vp/requests/{id}/request", async (string tenant, string id, HttpContext context, PresentationRequestService requests, CancellationToken ct) =>
        {
            var jwt = await requests.GetRequestObjectAsync(tenant, id, ct);
            context.Response.Headers.CacheControl = "no-store";
            return jwt.IsSuccess ? Results.Text(jwt.Value, RequestObjectMediaType) : Problems.For(jwt.Error!, extensions: OAuthError(jwt.Error!));
        })
        .RequireRateLimiting(RateLimits.Verify)
        .WithTags("OpenID4VP").WithSummary("An OpenID4VP request object (request_uri)")
        .Produces<string>(200, RequestObjectMediaType).ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);

        // The wallet's one answer (response_uri): 200 when verified (or declined by the wallet), else a problem with the OAuth error.
        app.MapPost("/tenants/{tenant}/oid4vp/requests/{id}/response", async (string tenant, string id, HttpContext context, PresentationResponseHandler responses, CancellationToken ct) =>
        {
            var outcome = await responses.RespondAsync(tenant, id, context.Request, ct);
            context.Response.Headers.CacheControl = "no-store";
            return outcome.IsSuccess ? Results.Json(new JsonObject()) : Problems.For(outcome.Error!, extensions: OAuthError(outcome.Error!));
        })
        .RequireRateLimiting(RateLimits.Verify)
        .WithTags("OpenID4VP").WithSummary("Answer an OpenID4VP request (response_uri)")
        .WithDescription("direct_post: a form-encoded `vp_token`; direct_post.jwt: a form-encoded `response` JWE. Accepted once; the request then ends `verified` or `failed`.")
        .Accepts<PresentationResponseForm>("application/x-www-form-urlencoded").Produces<PresentationResponseAccepted>()
        .ProducesProblem(400).ProducesProblem(404).ProducesProblem(413).ProducesProblem(415).ProducesProblem(429);

        return app;
    }

    // OpenID4VP §8.5 / RFC 6749 §5.2: the wallet reads `error`; the problem's `code` says precisely what went wrong.
    private static JsonObject OAuthError(Error error) => new()
    {
        ["error"] = error.Code == ErrorCodes.NotFound ? "invalid_request_uri" : "invalid_request",
        ["error_description"] = error.Detail,
    };
}
