using Microsoft.AspNetCore.OpenApi;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace Identity.Server.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the API reference (Swagger UI) at <c>/docs</c>.</summary>
internal static class OpenApiRegistration
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "docs";

    public static IServiceCollection AddIdentityOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<DocumentTransformer>();
            options.AddOperationTransformer<OperationTransformer>();
            options.AddSchemaTransformer<SchemaTransformer>();
        });

    /// <summary>Serves the document and the reference page; Swagger UI's assets come from the package, never a CDN.</summary>
    public static WebApplication MapIdentityApiReference(this WebApplication app)
    {
        app.MapOpenApi();
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = ReferencePath;
            ui.DocumentTitle = "Identity API reference";
            ui.SwaggerEndpoint(DocumentPath, "Identity v1");
            // Swagger UI would otherwise send the document to an online validator.
            ui.ConfigObject.ValidatorUrl = "none";
            ui.ConfigObject.TryItOutEnabled = false;
            ui.DefaultModelRendering(ModelRendering.Model);
        });
        return app;
    }
}
