using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Consent;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;
using Hl7.Fhir.Serialization;
using R4 = Hl7.Fhir.Model;

namespace Identity.Server.Endpoints;

/// <summary>
/// Consent the patient controls (docs/health.md): registering and withdrawing a patient-signed <c>ConsentCredential</c>,
/// access decisions against it, and the tenant's audit log as a FHIR Bundle of AuditEvents.
/// </summary>
internal static class ConsentEndpoints
{
    public const int MaxAuditPage = 1000;
    public const int DefaultAuditPage = 100;
    public const int MaxAuditScan = 20_000;

    public static IServiceCollection AddConsent(this IServiceCollection services) => services
        .AddSingleton<PatientBinding>().AddSingleton<ConsentRegistry>().AddSingleton<ConsentService>().AddSingleton<AccessDecisionService>()
        .AddSingleton<Challenges.HolderProofs>();

    public static IEndpointRouteBuilder MapConsents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tenants/{tenant}").WithTags("Consent");

        // Registers a consent the patient signed: the hospital checks the signature and the signer, and countersigns it (201).
        group.MapPost("/consents", (string tenant, HttpContext context, JsonBody body, ConsentService consents, CancellationToken ct) =>
            AnswerAsync(context, body, StatusCodes.Status201Created, request => consents.RegisterAsync(tenant, request, ct), ct))
        .RequireRateLimiting(RateLimits.Verify)
        .WithSummary("Register (countersign) a patient's ConsentCredential")
        .Accepts<ConsentRegistrationRequest>("application/json").Produces<ConsentRegistrationResult>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(429);

        // Withdraws a registered consent: the patient's holder proof over a fresh challenge; the hospital's status list says so.
        group.MapPost("/consents/withdraw", (string tenant, HttpContext context, JsonBody body, ConsentService consents, CancellationToken ct) =>
            AnswerAsync(context, body, StatusCodes.Status200OK, request => consents.WithdrawAsync(tenant, request, ct), ct))
        .RequireRateLimiting(RateLimits.Verify)
        .WithSummary("Withdraw a consent (the patient, with a holder proof)")
        .Accepts<ConsentWithdrawalRequest>("application/json").Produces<ConsentWithdrawal>()
        .ProducesProblem(400).ProducesProblem(404).ProducesProblem(429);

        // Decides a provider's request against the patient's consent presentation: permit or deny with reasons, audited.
        group.MapPost("/access-decisions", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, AccessDecisionService decisions, TenantDirectory tenants, Monitoring.ReadAccessTokens tokens, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var decision = request.IsSuccess ? await decisions.DecideAsync(tenant, request.Value, ct) : request.Error!;
            if (!decision.IsSuccess)
            {
                return Problems.For(decision.Error!);
            }

            var reasons = new JsonArray([.. decision.Value.Reasons.Select(r => (JsonNode)new JsonObject { ["code"] = r.Code, ["detail"] = r.Detail })]);
            var answer = new JsonObject
            {
                ["decision"] = decision.Value.Permit ? "permit" : "deny",
                ["reasons"] = reasons,
                ["consentId"] = decision.Value.ConsentId,
                ["auditEvent"] = ConsentMappings.Json(AuditEventMapper.ToAuditEvent(null, decision.Value.Audit, tenants.DidWebOf(tenant))),
            };

            // A permit carries a short-lived token for exactly what was decided (docs/monitoring.md: the consented read).
            if (decision.Value is { Permit: true, Patient: { } patient, Request: { } asked, ConsentId: { } consentId, ConsentValidUntil: { } until }
                && await tokens.IssueAsync(new(tenant, patient, asked.Actor, asked.Purpose, asked.Data, consentId, until), ct) is { } token)
            {
                answer["accessToken"] = token.Token;
                answer["accessTokenExpiresAt"] = token.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Json(answer);
        })
        .RequireTenantKey()
        .WithSummary("Decide a provider's access request against the patient's consent presentation")
        .Accepts<AccessDecisionRequest>("application/json").Produces<AccessDecision>()
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);

        // The tenant's audit entries as a FHIR R4 Bundle of AuditEvents (and Provenance of registered consents), paged.
        group.MapGet("/audit", async (string tenant, HttpContext context, Authenticator auth, IIdentityStore store, AuditWriter writer, TenantDirectory tenants, Configuration.PublicUrl publicUrl, TimeProvider time, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var query = ReadPage(context.Request);
            if (!query.IsSuccess)
            {
                return Problems.For(query.Error!);
            }

            await writer.FlushAsync(ct);
            var (after, limit) = query.Value;
            var (records, cursor, more) = await ReadTenantAsync(store, tenant, after, limit, ct);
            var did = tenants.DidWebOf(tenant);
            var resources = new List<R4.Resource>();
            foreach (var record in records)
            {
                resources.Add(AuditEventMapper.ToAuditEvent(record.Sequence, record.Entry, did));
                if (AuditEventMapper.ToProvenance(record.Sequence, record.Entry, did) is { } provenance)
                {
                    resources.Add(provenance);
                }
            }

            var next = more ? $"{publicUrl.Origin}/tenants/{tenant}/audit?format=fhir&after={cursor}&limit={limit}" : null;
            return Results.Text(AuditEventMapper.Bundle(resources, time.GetUtcNow(), next).ToJson(), "application/fhir+json");
        })
        .RequireTenantKey()
        .WithSummary("The tenant's audit log as a FHIR R4 Bundle (format=fhir)")
        .WithDescription("`format=fhir` (required); `after` a sequence number to page from; `limit` 1 to 1000 (default 100). A `next` link pages on.")
        .Produces<string>(200, "application/fhir+json").ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);

        return app;
    }

    private static async Task<IResult> AnswerAsync(
        HttpContext context, JsonBody reader, int status, Func<JsonObject, Task<ConsentService.Outcome>> handle, CancellationToken ct)
    {
        var request = await reader.ReadObjectAsync(context.Request, ct);
        var outcome = request.IsSuccess ? await handle(request.Value) : new ConsentService.Outcome(null, request.Error, null);
        if (outcome.Body is { } body)
        {
            return Results.Json(body, statusCode: status);
        }

        JsonObject? extensions = null;
        if (outcome.Checks is { } checks)
        {
            var json = checks.ToJson();
            extensions = new JsonObject { ["checks"] = json["checks"]?.DeepClone(), ["errors"] = json["errors"]?.DeepClone() };
        }

        // A consent or holder proof that did not verify is a bad request, whatever its first failing check's code.
        return Problems.For(outcome.Error!, extensions is null ? null : StatusCodes.Status400BadRequest, extensions);
    }

    // Scans at most MaxAuditScan entries of the whole log per request, so a tenant with few entries costs a bounded read.
    private static async Task<(List<AuditRecord> Records, long Cursor, bool More)> ReadTenantAsync(
        IIdentityStore store, string tenant, long after, int limit, CancellationToken ct)
    {
        var found = new List<AuditRecord>();
        long cursor = after;
        int scanned = 0;
        while (scanned < MaxAuditScan)
        {
            int want = Math.Min(1000, MaxAuditScan - scanned);
            var page = await store.ReadAuditAsync(cursor, want, ct);
            foreach (var record in page)
            {
                cursor = record.Sequence;
                if (record.Entry.TenantId == tenant)
                {
                    found.Add(record);
                    if (found.Count == limit)
                    {
                        return (found, cursor, true);
                    }
                }
            }

            scanned += page.Count;
            if (page.Count < want)
            {
                return (found, cursor, false);
            }
        }

        return (found, cursor, true);
    }

    private static Result<(long After, int Limit)> ReadPage(HttpRequest request)
    {
        if (request.Query["format"] != "fhir")
        {
            return new Error(ErrorCodes.InvalidRequest, "format must be \"fhir\": the audit is exported as a FHIR R4 Bundle of AuditEvents.");
        }

        long after = 0;
        int limit = DefaultAuditPage;
        if (request.Query["after"] is { Count: > 0 } a && (!long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out after) || after < 0))
        {
            return new Error(ErrorCodes.InvalidRequest, "after must be a sequence number (a non-negative integer).");
        }

        if (request.Query["limit"] is { Count: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxAuditPage))
        {
            return new Error(ErrorCodes.InvalidRequest, $"limit must be an integer from 1 to {MaxAuditPage}.");
        }

        return (after, limit);
    }
}
