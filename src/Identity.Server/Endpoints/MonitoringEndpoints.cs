using System.Text;
using Identity.Primitives;
using Identity.Server.Http;
using Identity.Server.Monitoring;
using Identity.Server.OpenApi;
using Identity.Server.Security;
using Identity.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace Identity.Server.Endpoints;

/// <summary>
/// Remote patient monitoring (docs/monitoring.md): binding a device's DID to a patient, ingesting the readings the
/// device signs, and a consented provider's read of them as FHIR.
/// </summary>
internal static class MonitoringEndpoints
{
    public const string JoseMediaType = "application/jose";

    public static IServiceCollection AddMonitoring(this IServiceCollection services) => services
        .AddSingleton<IReadingStore>(sp => sp.GetRequiredService<IIdentityStore>() as IReadingStore
            ?? throw new InvalidOperationException("The configured store does not implement IReadingStore."))
        .AddSingleton<DeviceBindings>().AddSingleton<DeviceBindingService>().AddSingleton<IngestionService>()
        .AddSingleton<ReadAccessTokens>().AddSingleton<ObservationSearch>();

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tenants/{tenant}").WithTags("Monitoring");

        // Binds a device's DID to a patient with the patient's and the device's proofs: a DeviceBindingCredential (201).
        group.MapPost("/devices/bindings", async (string tenant, HttpContext context, Authenticator auth, JsonBody body, DeviceBindingService service, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var request = await body.ReadObjectAsync(context.Request, ct);
            var bound = request.IsSuccess ? await service.CreateAsync(tenant, request.Value, ct) : request.Error!;
            return bound.IsSuccess ? Results.Json(bound.Value, statusCode: StatusCodes.Status201Created) : Problems.For(bound.Error!);
        })
        .RequireTenantKey()
        .WithSummary("Bind a device DID to a patient (DeviceBindingCredential)")
        .Accepts<Contracts.DeviceBindingRequest>("application/json").Produces<Contracts.DeviceBinding>(StatusCodes.Status201Created)
        .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // Unbinds: revokes the binding credential through the tenant's status list.
        group.MapDelete("/devices/bindings/{bindingId}", async (string tenant, string bindingId, HttpContext context, Authenticator auth, DeviceBindingService service, CancellationToken ct) =>
        {
            if (await auth.RequireTenantAsync(context, tenant, ct) is { } denied)
            {
                return Problems.For(denied);
            }

            var unbound = await service.RevokeAsync(tenant, bindingId, ct);
            return unbound.IsSuccess ? Results.Json(unbound.Value) : Problems.For(unbound.Error!);
        })
        .RequireTenantKey()
        .WithSummary("Unbind a device (revoke its binding credential)")
        .Produces<Contracts.DeviceUnbinding>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);

        // Ingests readings a device signed (compact JWS): per-reading verdicts; the device's signature authenticates.
        group.MapPost("/observations", async (string tenant, HttpContext context, IngestionService service, CancellationToken ct) =>
        {
            var token = await ReadJoseAsync(context.Request, ct);
            var outcome = token.IsSuccess ? await service.IngestAsync(tenant, token.Value, ct) : new IngestionService.Outcome(null, token.Error, Problems.StatusOf(token.Error!.Code));
            return outcome.Body is { } answer ? Results.Json(answer) : Problems.For(outcome.Error!, outcome.Status);
        })
        .WithSummary("Ingest device-signed FHIR Observations (application/jose)")
        .Accepts<string>(JoseMediaType).Produces<Contracts.IngestionResult>()
        .ProducesProblem(400).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415).ProducesProblem(503);

        // A consented provider's read: the access token of a permit as Bearer; a FHIR searchset Bundle with Provenance, audited.
        group.MapGet("/patients/{patient}/observations", async (string tenant, string patient, HttpContext context, ObservationSearch search, CancellationToken ct) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
            var query = context.Request.Query;
            var found = await search.SearchAsync(tenant, patient, token, First(query["code"]), First(query["since"]), ct);
            return found.IsSuccess
                ? Results.Text(found.Value, "application/fhir+json")
                : Problems.For(found.Error!, found.Error!.Code == ErrorCodes.AccessNotPermitted ? StatusCodes.Status403Forbidden : null);
        })
        .WithSummary("A patient's device readings as FHIR (searchset Bundle with Provenance), for a consented provider")
        .WithDescription("`Authorization: Bearer <accessToken of a permit from POST /tenants/{t}/access-decisions>`; `code` a LOINC code; `since` an RFC 3339 date-time.")
        .Produces<string>(200, "application/fhir+json").ProducesProblem(400).ProducesProblem(403);

        return app;
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) => values.Count > 0 ? values[0] : null;

    // The body as ASCII text, at most IngestionService.MaxBodyBytes: a compact JWS has nothing else.
    private static async Task<Result<string>> ReadJoseAsync(HttpRequest request, CancellationToken ct)
    {
        var media = request.ContentType?.Split(';', 2)[0].Trim();
        if (!string.Equals(media, JoseMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return new Error(ErrorCodes.UnsupportedMediaType, $"Send the readings as {JoseMediaType} (one compact JWS), not '{request.ContentType ?? "(none)"}'.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = IngestionService.MaxBodyBytes;
        }

        if (request.ContentLength > IngestionService.MaxBodyBytes)
        {
            return TooLarge();
        }

        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        do
        {
            try
            {
                read = await request.Body.ReadAsync(chunk, ct);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge();
            }

            if (buffer.Length + read > IngestionService.MaxBodyBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }
        while (read > 0);

        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        return Ascii.IsValid(bytes) && bytes.Length > 0
            ? Encoding.ASCII.GetString(bytes)
            : new Error(ErrorCodes.MalformedJws, "The body must be one compact JWS (ASCII).");
    }

    private static Error TooLarge() => new(ErrorCodes.PayloadTooLarge, $"The body exceeds the limit of {IngestionService.MaxBodyBytes} bytes.");
}
