using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Identity.Server.OpenApi;

/// <summary>
/// Completes the schemas generated from the contract records: a <see cref="OneOfAttribute"/> member becomes
/// <c>oneOf</c> its shapes, and an <see cref="ExampleAttribute"/> type gets its example.
/// </summary>
internal sealed class SchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), inherit: false) is [OneOfAttribute oneOf, ..])
        {
            schema.Type = null;
            schema.OneOf = [];
            foreach (var type in oneOf.Types)
            {
                schema.OneOf.Add(IsRecord(type) ? await context.GetOrCreateSchemaAsync(type, null, cancellationToken) : Shape(type));
            }
        }
        else if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type.GetCustomAttribute<ExampleAttribute>() is { } example)
        {
            schema.Examples = [JsonNode.Parse(example.Json)!];
        }
    }

    /// <summary>The types a <see cref="OneOfAttribute"/> names that are records, so the document can hold their schemas.</summary>
    public static IEnumerable<Type> ReferencedRecords() => typeof(SchemaTransformer).Assembly.GetTypes()
        .SelectMany(t => t.GetProperties())
        .SelectMany(p => p.GetCustomAttributes<OneOfAttribute>())
        .SelectMany(a => a.Types)
        .Where(IsRecord)
        .Distinct();

    public static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && !type.IsGenericType;

    private static OpenApiSchema Shape(Type type)
    {
        if (type == typeof(string))
        {
            return new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (type == typeof(IReadOnlyList<string>))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        if (type == typeof(IReadOnlyDictionary<string, string>))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        throw new InvalidOperationException($"OneOf does not describe {type}.");
    }
}
