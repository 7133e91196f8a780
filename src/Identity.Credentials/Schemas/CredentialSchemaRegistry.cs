// References:
//   W3C Verifiable Credentials JSON Schema Specification (VC JSON Schema), §3 "JsonSchema" — https://www.w3.org/TR/vc-json-schema/
//   W3C Verifiable Credentials Data Model v2.0, §4.11 Data Schemas — https://www.w3.org/TR/vc-data-model-2.0/#data-schemas
//   JSON Schema 2020-12 (Core; Validation; output formats, Core §12) — https://json-schema.org/draft/2020-12
//   JsonSchema.Net 8 — https://docs.json-everything.net/schema/basics/

using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;
using Json.Schema;

namespace Identity.Credentials.Schemas;

/// <summary>
/// The credential schemas this deployment knows, loaded from <c>schemas/credentials/*.schema.json</c> (JSON Schema
/// 2020-12) and keyed by their <c>$id</c>; checks a credential against the schema its <c>credentialSchema</c> entry
/// names. Never fetches anything.
/// </summary>
/// <remarks>
/// <para>Errors: <see cref="ErrorCodes.SchemaNotFound"/> when the entry's <c>id</c> is not a known schema or its
/// <c>type</c> is not <c>JsonSchema</c>; <see cref="ErrorCodes.SchemaViolation"/> per violation, with the instance
/// location (a JSON Pointer) and the failing keyword only — never the offending value, which may be health data.</para>
/// <threadsafety>Immutable after <see cref="LoadFrom"/>; <see cref="Validate"/> is safe to call from any thread. Each
/// registry builds its schemas in a <see cref="SchemaRegistry"/> of its own, so registries loaded at once (two servers
/// in one process) share no mutable state.</threadsafety>
/// </remarks>
public sealed class CredentialSchemaRegistry
{
    /// <summary>The only <c>credentialSchema.type</c> supported (a JSON Schema applied to the credential itself).</summary>
    public const string JsonSchemaType = "JsonSchema";

    /// <summary>The one dialect the shipped schemas are written in (their <c>$schema</c>).</summary>
    public const string Dialect202012 = "https://json-schema.org/draft/2020-12/schema";

    private static readonly EvaluationOptions s_evaluation = new() { OutputFormat = OutputFormat.List };

    private readonly FrozenDictionary<string, JsonSchema> _schemas;

    private CredentialSchemaRegistry(FrozenDictionary<string, JsonSchema> schemas) => _schemas = schemas;

    /// <summary>The <c>$id</c>s of the loaded schemas.</summary>
    public IReadOnlyCollection<string> SchemaIds => _schemas.Keys;

    /// <summary>Loads every <c>*.schema.json</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist (a deployment error).</exception>
    /// <exception cref="InvalidDataException">A file is not a 2020-12 schema with an absolute <c>$id</c>, repeats an
    /// <c>$id</c>, or refers to another document (schemas must be self-contained: nothing is fetched).</exception>
    public static CredentialSchemaRegistry LoadFrom(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        // Fetch stays null: a $ref to any document but the schema itself fails the build instead of downloading.
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory, "*.schema.json").Order(StringComparer.Ordinal))
        {
            (string? id, JsonSchema schema) = Load(path, build);
            if (!Iri.IsAbsolute(id) || !schemas.TryAdd(id!, schema))
            {
                throw new InvalidDataException($"{path}: $id is missing, not absolute, or repeats another schema's.");
            }
        }

        return new CredentialSchemaRegistry(schemas.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Validates <paramref name="credential"/> against the schema <paramref name="credentialSchemaEntry"/> names.</summary>
    /// <returns>Every violation; empty when the credential conforms.</returns>
    public IReadOnlyList<Error> Validate(JsonObject credential, JsonObject credentialSchemaEntry)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(credentialSchemaEntry);

        if (JsonValues.GetString(credentialSchemaEntry["type"]) != JsonSchemaType)
        {
            return [new Error(ErrorCodes.SchemaNotFound, $"credentialSchema.type: only \"{JsonSchemaType}\" is supported.")];
        }

        string? id = JsonValues.GetString(credentialSchemaEntry["id"]);
        if (id is null || !_schemas.TryGetValue(id, out JsonSchema? schema))
        {
            return [new Error(ErrorCodes.SchemaNotFound, $"credentialSchema.id: {(id is null ? "is missing" : $"no local schema has the id {id}")}.")];
        }

        // JsonSchema.Net 8 evaluates a JsonElement: the node is written once to pooled UTF-8 bytes (no string).
        using JsonDocument instance = ToDocument(credential);
        EvaluationResults results = schema.Evaluate(instance.RootElement, s_evaluation);
        return results.IsValid ? [] : Violations(results);
    }

    private static List<Error> Violations(EvaluationResults results)
    {
        var errors = new List<Error>();
        foreach (EvaluationResults unit in results.Details is { Count: > 0 } details ? details : [results])
        {
            if (unit.IsValid || unit.Errors is not { Count: > 0 } keywords)
            {
                continue;
            }

            // Invariant: only the location and the keyword go into the detail. The library's messages are not used,
            // as some quote the instance value; for "required" the missing names come from the schema, not the input.
            string location = unit.InstanceLocation.ToString() is { Length: > 0 } pointer ? pointer : "/";
            foreach (string keyword in keywords.Keys.Order(StringComparer.Ordinal))
            {
                string missing = keyword == "required" ? MissingProperties(unit) : "";
                errors.Add(new Error(ErrorCodes.SchemaViolation, $"{location}: {keyword}{missing}"));
            }
        }

        return errors;
    }

    // The "required" names the schema lists that the instance object lacks, e.g. " (recordDigest)".
    private static string MissingProperties(EvaluationResults unit)
    {
        string message = unit.Errors!["required"];
        var names = message.Split('"').Where((_, i) => i % 2 == 1).ToList();
        return names.Count == 0 ? "" : $" ({string.Join(", ", names)})";
    }

    private static JsonDocument ToDocument(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteTo(writer);
        }

        // The writer's own depth limit (1,000) bounds the node, so the read back never refuses what was written.
        return JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 1000 });
    }

    // The first $ref or $dynamicRef that is not a fragment of this document (JsonSchema.Net defers those to evaluation).
    private static string? ExternalReference(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject()
            .Select(p => p.Name is "$ref" or "$dynamicRef" && p.Value.ValueKind == JsonValueKind.String && !p.Value.GetString()!.StartsWith('#')
                ? p.Value.GetString()
                : ExternalReference(p.Value))
            .FirstOrDefault(r => r is not null),
        JsonValueKind.Array => element.EnumerateArray().Select(ExternalReference).FirstOrDefault(r => r is not null),
        _ => null,
    };

    private static (string? Id, JsonSchema Schema) Load(string path, BuildOptions build)
    {
        string text = File.ReadAllText(path);
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            string? dialect = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("$schema", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (dialect != Dialect202012)
            {
                throw new InvalidDataException($"{path}: $schema must be {Dialect202012}.");
            }

            if (ExternalReference(root) is { } reference)
            {
                throw new InvalidDataException($"{path}: refers to {reference}; schemas are never fetched and must be self-contained.");
            }

            string? id = root.TryGetProperty("$id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            return (id, JsonSchema.Build(root.Clone(), build));
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"{path}: not a usable, self-contained JSON Schema 2020-12 ({e.GetBaseException().Message}).", e);
        }
    }
}
