using System.Text.Json.Nodes;
using Identity.Server.Biometrics;
using Identity.Server.Contracts;
using Identity.Server.Http;
using Identity.Server.OpenApi;
using Identity.Server.Security;

namespace Identity.Server.Endpoints;

/// <summary>Biometric enrolment: a protected record and the credential that binds it to the patient's DID.</summary>
internal static class EnrollmentEndpoints
{
    public static IEndpointRouteBuilder MapEnrollments(this IEndpointRouteBuilder app)
    {
        // Enrols a patient's captures (tenant key) after checking the patient's holder proof; 201 with the binding credential.
        app.MapPost("/tenants/{tenant}/enrollments", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, EnrollmentService enrollment, CancellationToken ct) =>
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

            var outcome = await enrollment.EnrollAsync(tenant, request.Value, ct);
            if (outcome.Credential is { } credential)
            {
                return Results.Json(new JsonObject { ["verifiableCredential"] = credential }, statusCode: StatusCodes.Status201Created);
            }

            JsonObject? extensions = null;
            if (outcome.HolderProof is { } proof)
            {
                var json = proof.ToJson();
                extensions = new JsonObject { ["checks"] = json["checks"]?.DeepClone(), ["errors"] = json["errors"]?.DeepClone() };
            }

            return Problems.For(outcome.Error!, extensions: extensions);
        })
        .WithTags("Biometrics").WithSummary("Enrol a patient's biometric captures and issue the BiometricBindingCredential").RequireTenantKey()
        .Accepts<EnrollmentRequest>("application/json")
        .Produces<IssuedCredential>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        return app;
    }
}
