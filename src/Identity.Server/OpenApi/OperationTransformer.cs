using Identity.Server.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Identity.Server.OpenApi;

/// <summary>
/// Gives every operation the problem responses it can return, each an <c>application/problem+json</c>
/// <see cref="Problem"/>: 400, 413 and 415 where a body is accepted, 401 (and 403 for a tenant key) where a
/// <see cref="BearerKey"/> is required, 429 where a rate limit applies, 500 everywhere; and its security requirement.
/// </summary>
internal sealed class OperationTransformer : IOpenApiOperationTransformer
{
    private static readonly Dictionary<int, string> s_meaning = new()
    {
        [400] = "The request is malformed or names something invalid (`invalidJson`, `invalidRequest`, `invalidOptions`, ...).",
        [401] = "The bearer key is missing, wrong, revoked or expired (`unauthorized`).",
        [403] = "The tenant API key belongs to another tenant, or the signer may not do this (`forbidden`).",
        [404] = "The tenant, credential, key, list, patient or DID does not exist (`notFound`).",
        [406] = "The DID representation asked for is not supported (`representationNotSupported`).",
        [409] = "The request conflicts with the current state (`tenantExists`, `lastActiveKey`, `revocationIsPermanent`, `versionConflict`, ...).",
        [410] = "The DID is deactivated (`didDeactivated`).",
        [413] = "The body exceeds IDENTITY_MAX_REQUEST_BYTES (`payloadTooLarge`).",
        [415] = "The body is not sent as application/json (`unsupportedMediaType`).",
        [422] = "Verification failed: the problem carries `verified: false`, every check, every error and the policy.",
        [429] = "Too many requests from this client (`rateLimited`); retry after the `Retry-After` seconds.",
        [500] = "An unexpected fault of the service (`internalError`); the log has the details, the response none.",
        [501] = "The DID method is not supported (`methodNotSupported`).",
        [502] = "The DID's host failed or answered badly (`fetchFailed`, `responseTooLarge`, `invalidDidDocument`).",
        [504] = "The DID's host did not answer in time (`fetchTimeout`).",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var statuses = new SortedSet<int> { StatusCodes.Status500InternalServerError };
        if (operation.RequestBody is not null)
        {
            statuses.UnionWith([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        if (metadata.OfType<BearerKey>().LastOrDefault() is { } key)
        {
            statuses.Add(StatusCodes.Status401Unauthorized);
            if (key.Scheme == BearerKey.Tenant)
            {
                statuses.Add(StatusCodes.Status403Forbidden);
            }

            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(key.Scheme, context.Document)] = [] }];
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            statuses.Add(StatusCodes.Status429TooManyRequests);
        }

        operation.Responses ??= [];
        foreach (var status in operation.Responses.Keys.Select(k => int.TryParse(k, out var s) ? s : 0).Where(s => s >= 400))
        {
            statuses.Add(status);
        }

        foreach (var status in statuses)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = ProblemResponse(status, context.Document);
        }

        return Task.CompletedTask;
    }

    private static OpenApiResponse ProblemResponse(int status, OpenApiDocument? document) => new()
    {
        Description = (s_meaning.TryGetValue(status, out var meaning) ? meaning : "A problem document.") + " See `/errors/{code}`.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [Http.Problems.ContentType] = new() { Schema = new OpenApiSchemaReference(nameof(Problem), document) },
        },
    };
}
