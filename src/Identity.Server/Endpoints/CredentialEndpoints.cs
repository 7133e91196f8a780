using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Status;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Credentials;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Status;
using Identity.Server.Telemetry;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>VC-API issuing, verifying and status changes, and the signed status lists.</summary>
internal static class CredentialEndpoints
{
    public static IEndpointRouteBuilder MapCredentials(this IEndpointRouteBuilder app)
    {
        // Issues a credential as the tenant (tenant key).
        app.MapPost("/tenants/{tenant}/credentials/issue", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, IssuanceService issuance, IdentityMetrics metrics, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            return await IssueAsync(tenant, context, body, issuance, metrics, ct);
        })
        .WithTags("Issuing").WithSummary("Issue a credential (VC-API)").RequireTenantKey()
        .WithDescription("Signs the credential with the tenant's active key (Data Integrity by default, or VC-JOSE / SD-JWT VC with `options.format`) and gives it a revocation status entry.")
        .Accepts<IssueRequest>("application/json").Produces<IssuedCredential>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        // Issues as the default tenant, for VC-API clients and the W3C suites; open only in local (dev) mode. Unlike the
        // tenant path it never fills in a missing issuer: VC-API issues the credential it is sent (400 dataModelViolation).
        app.MapPost("/credentials/issue", async (HttpContext context, ServerSettings settings, Authenticator auth, JsonBody body, IssuanceService issuance, IdentityMetrics metrics, CancellationToken ct) =>
        {
            if (!settings.DevMode && await auth.RequireTenantAsync(context, TenantIds.Default, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            return await IssueAsync(TenantIds.Default, context, body, issuance, metrics, ct, requireIssuer: true);
        })
        .WithTags("Issuing").WithSummary("Issue a credential as the default tenant (VC-API)").RequireTenantKey()
        .WithDescription("As `/tenants/default/credentials/issue`, with the `default` tenant's API key (`data/default-tenant.key`); without a key in local mode (IDENTITY_DEV_MODE=1).")
        .Accepts<IssueRequest>("application/json").Produces<IssuedCredential>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(409);

        // Verifies a credential: 200 when verified, 422 with every check when not.
        app.MapVerify<VerifyCredentialRequest>("/credentials/verify", "credential", "Verify a credential (VC-API)", (verification, request, ct) => verification.VerifyCredentialAsync(request, ct));

        // Verifies a presentation, its challenge (single use when issued here), domain, holder binding and credentials.
        app.MapVerify<VerifyPresentationRequest>("/presentations/verify", "presentation", "Verify a presentation (VC-API)", (verification, request, ct) => verification.VerifyPresentationAsync(request, ct));

        // Revokes, suspends or reinstates a suspended credential this tenant issued; a revocation is permanent.
        app.MapPost("/tenants/{tenant}/credentials/status", async (
            string tenant, HttpContext context, Authenticator auth, JsonBody body, StatusListService status, StatusUrls urls, IdentityMetrics metrics, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            if (!request.IsSuccess)
            {
                return Problems.For(request.Error!);
            }

            var credentialId = JsonText.String(request.Value["credentialId"]);
            var purposeText = JsonText.String(request.Value["statusPurpose"]) ?? JsonText.String((request.Value["credentialStatus"] as JsonObject)?["statusPurpose"]);
            var value = request.Value["status"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : (bool?)null;
            StatusPurpose? purpose = purposeText switch { "revocation" => StatusPurpose.Revocation, "suspension" => StatusPurpose.Suspension, _ => null };
            if (credentialId is null || purpose is null || value is null)
            {
                return Problems.For(new Error(ErrorCodes.InvalidRequest,
                    "The body must be {\"credentialId\": \"...\", \"statusPurpose\": \"revocation\"|\"suspension\", \"status\": true|false}."));
            }

            var change = await status.SetStatusAsync(tenant, credentialId, purpose.Value, value.Value, ct);
            if (!change.IsSuccess)
            {
                return Problems.For(change.Error!);
            }

            metrics.StatusChanged(tenant, purposeText!, change.Value.Value);
            return Results.Json(new JsonObject
            {
                ["credentialId"] = credentialId,
                ["statusPurpose"] = purposeText,
                ["status"] = change.Value.Value,
                ["statusListCredential"] = urls.ListUrl(tenant, change.Value.ListId),
                ["statusListIndex"] = change.Value.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        })
        .WithTags("Status").WithSummary("Revoke, suspend or reinstate a credential (a revocation is permanent)").RequireTenantKey()
        .Accepts<StatusChangeRequest>("application/json").Produces<CredentialStatusChange>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        // Serves a signed BitstringStatusListCredential, cacheable and revalidated by version.
        app.MapGet("/tenants/{tenant}/status/{list}", async (string tenant, string list, HttpContext context, ServerSettings settings, StatusListService status, CancellationToken ct) =>
        {
            var signed = await status.GetSignedListAsync(tenant, list, ct);
            if (!signed.IsSuccess)
            {
                return Problems.For(signed.Error!);
            }

            return CacheableResponse.Text(context, signed.Value.Json, "application/json", settings.StatusListMaxAge, signed.Value.SignedAt);
        })
        .WithTags("Status").WithSummary("A signed Bitstring Status List credential")
        .WithDescription("A BitstringStatusListCredential, cacheable for IDENTITY_STATUS_LIST_MAX_AGE (default 60 s) and revalidated with its ETag or Last-Modified (304).")
        .Produces<VerifiableCredential>().Produces(StatusCodes.Status304NotModified).ProducesProblem(404);

        // Serves a revocation list's two-bit message view (statusSize 2: valid, revoked, suspended) as a signed credential.
        app.MapGet("/tenants/{tenant}/" + StatusUrls.MessageListSegment + "/{list}", async (string tenant, string list, HttpContext context, ServerSettings settings, StatusListService status, CancellationToken ct) =>
        {
            var signed = await status.GetSignedMessageListAsync(tenant, list, ct);
            if (!signed.IsSuccess)
            {
                return Problems.For(signed.Error!);
            }

            return CacheableResponse.Text(context, signed.Value, "application/json", TokenMaxAge(settings));
        })
        .WithTags("Status").WithSummary("A revocation list as a two-bit 'message' Bitstring Status List credential").Produces<VerifiableCredential>().ProducesProblem(404);

        // Serves a revocation list as a signed Status List Token (Token Status List, two bits: revoked, suspended).
        app.MapGet("/tenants/{tenant}/" + StatusUrls.TokenListSegment + "/{list}", async (string tenant, string list, HttpContext context, ServerSettings settings, StatusListService status, CancellationToken ct) =>
        {
            var signed = await status.GetSignedTokenListAsync(tenant, list, ct);
            if (!signed.IsSuccess)
            {
                return Problems.For(signed.Error!);
            }

            return CacheableResponse.Text(context, signed.Value, StatusListToken.MediaType, TokenMaxAge(settings));
        })
        .WithTags("Status").WithSummary("A signed Status List Token (application/statuslist+jwt)").Produces<string>(200, StatusListToken.MediaType).ProducesProblem(404);

        return app;
    }

    // The two-bit views are cached no longer than the token's own ttl claim says.
    private static TimeSpan TokenMaxAge(ServerSettings settings) =>
        settings.StatusListMaxAge < StatusListService.TokenListTtl ? settings.StatusListMaxAge : StatusListService.TokenListTtl;

    private static void MapVerify<TRequest>(
        this IEndpointRouteBuilder app, string path, string kind, string summary,
        Func<VerificationService, JsonObject, CancellationToken, Task<Result<Identity.Credentials.Verification.VerificationResult>>> verify)
        where TRequest : notnull =>
        app.MapPost(path, async (HttpContext context, JsonBody body, VerificationService verification, IdentityMetrics metrics, CancellationToken ct) =>
        {
            var request = await body.ReadObjectAsync(context.Request, ct);
            var outcome = request.IsSuccess ? await verify(verification, request.Value, ct) : request.Error!;
            metrics.Verified(kind, outcome);
            return VerificationResponses.From(outcome);
        })
        .RequireRateLimiting(RateLimits.Verify)
        .WithTags("Verifying").WithSummary(summary).Accepts<TRequest>("application/json")
        .Produces<VerificationVerdict>().ProducesProblem(400).ProducesProblem(422).ProducesProblem(429);

    private static async Task<IResult> IssueAsync(
        string tenant, HttpContext context, JsonBody body, IssuanceService issuance, IdentityMetrics metrics, CancellationToken ct, bool requireIssuer = false)
    {
        var request = await body.ReadObjectAsync(context.Request, ct);
        if (!request.IsSuccess)
        {
            return Problems.For(request.Error!);
        }

        var issued = await issuance.IssueAsync(tenant, request.Value, ct, requireIssuer: requireIssuer);
        if (issued.IsSuccess)
        {
            metrics.Issued(tenant);
        }

        return issued.IsSuccess
            ? Results.Json(new JsonObject { ["verifiableCredential"] = issued.Value }, statusCode: StatusCodes.Status201Created)
            : Problems.For(issued.Error!);
    }
}
