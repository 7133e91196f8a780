using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Contracts;
using Identity.Server.Audit;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Patients;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>
/// A tenant's privacy duties (docs/privacy.md): erasing a patient (GDPR Art. 17) and finding a patient's audit entries
/// by DID. The DID travels in the body, never in the URL, so it stays out of access logs. Erasure is the operator's
/// (admin key); the search is the tenant's (its own API key).
/// </summary>
internal static class PrivacyEndpoints
{
    public const int MaxAuditPage = 1000;
    public const int DefaultAuditPage = 100;

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tenants/{tenant}").WithTags("Privacy");

        // Erases a patient by DID: revokes, then deletes the stored credentials, biometric records and patient DID keys.
        group.MapPost("/patients/erase", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, PatientErasureService erasure, CancellationToken ct) =>
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

            var erased = await erasure.EraseAsync(tenant, JsonText.String(request.Value["did"]), ct);
            if (!erased.IsSuccess)
            {
                return Problems.For(erased.Error!);
            }

            var (subject, report) = erased.Value;
            return Results.Json(new JsonObject
            {
                ["subject"] = subject,
                ["credentialsRevoked"] = report.CredentialsRevoked,
                ["credentialsErased"] = report.CredentialsErased,
                ["biometricRecordsDeleted"] = report.BiometricRecordsDeleted,
                ["patientDidErased"] = report.PatientDidErased,
            });
        })
        .WithSummary("Erase a patient (GDPR Art. 17)").RequireAdminKey()
        .Accepts<ErasePatientRequest>("application/json").Produces<PatientErasure>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(404);

        // The tenant's audit entries about one subject, found by hashing the DID (or credential id) with the tenant's key.
        group.MapPost("/audit/search", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, SubjectPseudonyms pseudonyms, IIdentityStore store, AuditWriter writer, CancellationToken ct) =>
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

            var query = ReadSearch(request.Value);
            if (!query.IsSuccess)
            {
                return Problems.For(query.Error!);
            }

            var subject = await pseudonyms.OfAsync(tenant, query.Value.Subject, ct);
            if (!subject.IsSuccess)
            {
                return Problems.For(subject.Error!);
            }

            await writer.FlushAsync(ct);
            var records = await store.FindAuditAsync(tenant, subject.Value, query.Value.After, query.Value.Limit, ct);
            var entries = new JsonArray();
            foreach (var record in records)
            {
                entries.Add(new JsonObject
                {
                    ["sequence"] = record.Sequence,
                    ["at"] = record.Entry.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                    ["action"] = record.Entry.Action,
                    ["outcome"] = record.Entry.Outcome,
                });
            }

            return Results.Json(new JsonObject { ["subject"] = subject.Value, ["entries"] = entries });
        })
        .WithSummary("Find a patient's audit entries by DID").RequireTenantKey()
        .Accepts<AuditSearchRequest>("application/json").Produces<AuditSearchResult>().ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static Result<(string Subject, long After, int Limit)> ReadSearch(JsonObject request)
    {
        var subject = JsonText.String(request["subject"]);
        if (subject is not { Length: > 0 and <= PatientErasureService.MaxDidLength })
        {
            return new Error(ErrorCodes.InvalidRequest, $"subject must be a DID or credential id of 1 to {PatientErasureService.MaxDidLength} characters.");
        }

        long after = 0;
        int limit = DefaultAuditPage;
        if (request["after"] is { } afterNode && (afterNode is not JsonValue a || a.GetValueKind() != JsonValueKind.Number || !a.TryGetValue(out after) || after < 0))
        {
            return new Error(ErrorCodes.InvalidRequest, "after must be a sequence number (a non-negative integer).");
        }

        if (request["limit"] is { } limitNode && (limitNode is not JsonValue l || l.GetValueKind() != JsonValueKind.Number || !l.TryGetValue(out limit) || limit is < 1 or > MaxAuditPage))
        {
            return new Error(ErrorCodes.InvalidRequest, $"limit must be an integer from 1 to {MaxAuditPage}.");
        }

        return (subject, after, limit);
    }
}
