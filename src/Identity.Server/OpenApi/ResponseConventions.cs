using Microsoft.OpenApi;

namespace Identity.Server.OpenApi;

/// <summary>Response metadata the framework's <c>Produces</c> cannot say.</summary>
internal static class ResponseConventions
{
    /// <summary>
    /// Adds media types with another schema to a status already described: <c>Produces</c> keeps one schema per
    /// status, while DID resolution answers 200 with a resolution result or, on request, the document alone.
    /// </summary>
    public static RouteHandlerBuilder ProducesAlso<T>(this RouteHandlerBuilder builder, int status, params string[] contentTypes) =>
        builder.AddOpenApiOperationTransformer((operation, context, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse { Content: { } content })
            {
                foreach (var contentType in contentTypes)
                {
                    content[contentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(typeof(T).Name, context.Document) };
                }
            }

            return Task.CompletedTask;
        });
}
