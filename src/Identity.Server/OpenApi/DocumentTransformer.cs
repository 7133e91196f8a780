using Identity.Server.Configuration;
using Identity.Server.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Identity.Server.OpenApi;

/// <summary>
/// The document as a whole: what the service is, its two bearer schemes, the <see cref="Problem"/> schema, the tags,
/// and a link to the error pages every problem <c>type</c> points to.
/// </summary>
internal sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    private static readonly (string Name, string Description)[] s_tags =
    [
        ("Operator", "The operator's endpoints, with the admin key: tenants, their signing keys and API keys, the audit chain."),
        ("Issuing", "Issuing credentials as a tenant (VC-API), with its API key."),
        ("Status", "Revoking and suspending credentials, and the signed status lists verifiers fetch."),
        ("Verifying", "Challenges and verification for providers (VC-API); public and rate limited per client."),
        ("DIDs", "did:web documents of tenants and resolution of any supported DID method."),
        ("Patient DIDs", "did:web identifiers of patients, registered by the hospital and updated by the patient's own signature."),
        ("Biometrics", "Biometric enrolment: a protected record and the credential binding it to the patient's DID."),
        ("Service", "Liveness and readiness."),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var origin = context.ApplicationServices.GetRequiredService<PublicUrl>().Origin;
        document.Info = new OpenApiInfo
        {
            Title = "Identity",
            Version = "v1",
            Description = "W3C Verifiable Credentials and DIDs for healthcare: hospitals (tenants) issue, revoke and suspend credentials "
                + "and publish did:web documents; providers verify credentials and presentations and get an itemised verdict. "
                + $"Every non-2xx response is an RFC 9457 `application/problem+json` document with a stable `code`, whose `type` is its page at `{origin}/errors/{{code}}`. "
                + "The interactive reference is at `/docs`.",
        };
        document.ExternalDocs = new OpenApiExternalDocs { Description = "Error codes: one page per `code`", Url = new Uri(origin + Http.ErrorPages.Path) };
        document.Tags = new HashSet<OpenApiTag>(s_tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerKey.Admin] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The operator's admin key: `IDENTITY_ADMIN_KEY`, or the key generated into `data/admin.key` on first start.",
        };
        document.Components.SecuritySchemes[BearerKey.Tenant] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "idk_{id}_{secret}",
            Description = "A tenant API key (`apiKey` of `POST /admin/tenants` or `POST /admin/tenants/{tenant}/api-keys`), valid for its own tenant only.",
        };

        // Schemas referenced by name only (the problem responses, the oneOf shapes) join the generated ones.
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var type in SchemaTransformer.ReferencedRecords().Append(typeof(Problem)))
        {
            if (!document.Components.Schemas.ContainsKey(type.Name))
            {
                document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
            }
        }

        // The framework's own ProblemDetails schemas are replaced by Problem in every response.
        document.Components.Schemas.Remove("ProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");
    }
}
