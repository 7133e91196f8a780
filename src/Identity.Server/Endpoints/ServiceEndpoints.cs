using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Challenges;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>Challenges for verifiers, and liveness/readiness.</summary>
internal static class ServiceEndpoints
{
    public static IEndpointRouteBuilder MapService(this IEndpointRouteBuilder app)
    {
        // Issues a single-use challenge with its expiry and the domain the holder's proof must name.
        app.MapPost("/challenges", async (HttpContext context, JsonBody body, ChallengeService challenges, CancellationToken ct) =>
        {
            string? domain = null;
            if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
            {
                var request = await body.ReadObjectAsync(context.Request, ct);
                if (!request.IsSuccess)
                {
                    return Problems.For(request.Error!);
                }

                var node = request.Value["domain"];
                if (node is not null && (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length is 0 or > 253))
                {
                    return Problems.For(new Error(ErrorCodes.InvalidRequest, "domain must be a non-empty string of at most 253 characters."));
                }

                domain = node?.GetValue<string>();
            }

            var challenge = await challenges.IssueAsync(domain, ct);
            return Results.Json(new JsonObject
            {
                ["challenge"] = challenge.Value,
                ["domain"] = challenge.Domain,
                ["expires"] = challenge.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            });
        })
        .RequireRateLimiting(RateLimits.Verify)
        .WithTags("Verifying").WithSummary("Get a single-use challenge")
        .WithDescription("For a holder's presentation proof (and for biometric matches and patient DID updates). The body may be omitted.")
        .Accepts<ChallengeRequest>("application/json").Produces<IssuedChallenge>().ProducesProblem(400).ProducesProblem(429);

        // Liveness and readiness: the store answers.
        app.MapGet("/health", async (IIdentityStore store, CancellationToken ct) =>
        {
            var version = await store.GetSchemaVersionAsync(ct);
            return TypedResults.Ok(new HealthReport { Status = "ok", SchemaVersion = version });
        })
        .WithTags("Service").WithSummary("Liveness and readiness");

        return app;
    }
}
