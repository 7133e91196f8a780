using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Dids;
using Identity.Primitives;
using Identity.Server.Configuration;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Patients;
using Identity.Server.Security;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Endpoints;

/// <summary>Patient DIDs a hospital registers: <c>did:web:{host}:tenants:{t}:patients:{id}</c> (docs/patient-dids.md).</summary>
internal static class PatientEndpoints
{
    public static IEndpointRouteBuilder MapPatients(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tenants/{tenant}/patients").WithTags("Patient DIDs");

        // Registers a patient DID whose verification methods are the patient's public keys (tenant key).
        group.MapPost("", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, PatientDidService patients, PatientDirectory directory, CancellationToken ct) =>
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

            var id = request.Value.ContainsKey("id") ? JsonText.String(request.Value["id"]) : null;
            if (request.Value.ContainsKey("id") && !TenantIds.IsValid(id))
            {
                return Problems.For(new Error(ErrorCodes.InvalidRequest, "id must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit."));
            }

            var created = await patients.CreateAsync(tenant, id, request.Value["publicKeys"], ct);
            return created.IsSuccess ? Results.Json(Describe(created.Value, directory), statusCode: StatusCodes.Status201Created) : Problems.For(created.Error!);
        })
        .WithSummary("Register a patient DID").RequireTenantKey()
        .Accepts<CreatePatientRequest>("application/json").Produces<PatientDid>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);

        // The patient's did:web document; 410 once deactivated.
        group.MapGet("/{patient}/did.json", async (string tenant, string patient, HttpRequest request, ServerSettings settings, PatientDirectory directory, CancellationToken ct) =>
        {
            var found = await directory.GetAsync(tenant, patient, ct);
            return found.IsSuccess ? DidDocumentFile.For(found.Value.Document, request, settings.DidDocumentMaxAge) : Problems.For(found.Error!);
        })
        .WithSummary("A patient's did:web document (JSON-LD)")
        .Produces<Contracts.DidDocument>(200, DidDocumentJson.DidLdJson, DidDocumentJson.DidJson).ProducesProblem(404).ProducesProblem(410);

        // Replaces the patient's keys: no bearer key, the body is signed by a key already in the document.
        group.MapPost("/{patient}/did", async (string tenant, string patient, HttpContext context, JsonBody body, PatientDidService patients, PatientDirectory directory, CancellationToken ct) =>
        {
            var request = await body.ReadObjectAsync(context.Request, ct);
            if (!request.IsSuccess)
            {
                return Problems.For(request.Error!);
            }

            var updated = await patients.UpdateAsync(tenant, patient, request.Value, ct);
            return updated.IsSuccess ? Results.Json(Describe(updated.Value, directory)) : Problems.For(updated.Error!);
        })
        .WithSummary("Update a patient DID's keys (signed by the patient)")
        .WithDescription("No bearer key: the body is signed by a key of the current document over a challenge from `POST /challenges` (docs/patient-dids.md).")
        .Accepts<UpdatePatientDidRequest>("application/json").Produces<PatientDid>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(410);

        // Deactivates the patient's DID for good (tenant key).
        group.MapPost("/{patient}/deactivate", async (string tenant, string patient, HttpContext context, Authenticator auth, PatientDidService patients, PatientDirectory directory, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var deactivated = await patients.DeactivateAsync(tenant, patient, ct);
            return deactivated.IsSuccess ? Results.Json(Describe(deactivated.Value, directory)) : Problems.For(deactivated.Error!);
        })
        .WithSummary("Deactivate a patient DID").RequireTenantKey().Produces<PatientDid>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        return app;
    }

    private static JsonObject Describe(PatientDidRecord record, PatientDirectory directory)
    {
        var body = new JsonObject
        {
            ["id"] = record.PatientId,
            ["did"] = directory.DidOf(record.TenantId, record.PatientId),
            ["version"] = record.Version,
            ["updated"] = record.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["deactivated"] = record.IsDeactivated,
        };
        if (!record.IsDeactivated)
        {
            body["didDocument"] = DidDocumentJson.ToJson(directory.Document(record), DidDocumentJson.DidLdJson);
        }

        return body;
    }
}
