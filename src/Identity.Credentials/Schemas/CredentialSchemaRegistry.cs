// References:
//   W3C Verifiable Credentials JSON Schema Specification (VC JSON Schema), §3 "JsonSchema" — https://www.w3.org/TR/vc-json-schema/
//   W3C Verifiable Credentials Data Model v2.0, §4.11 Data Schemas — https://www.w3.org/TR/vc-data-model-2.0/#data-schemas
//   JSON Schema draft-07 — https://json-schema.org/specification-links#draft-7

using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;
using NJsonSchema;
using NJsonSchema.Generation;
using NJsonSchema.References;
using NJsonSchema.Validation;

namespace Identity.Credentials.Schemas;

/// <summary>
/// The credential schemas this deployment knows, loaded from <c>schemas/credentials/*.schema.json</c> and keyed by their
/// <c>$id</c>; checks a credential against the schema its <c>credentialSchema</c> entry names. Never fetches anything.
/// </summary>
/// <remarks>
/// <para>Errors: <see cref="ErrorCodes.SchemaNotFound"/> when the entry's <c>id</c> is not a known schema or its
/// <c>type</c> is not <c>JsonSchema</c>; <see cref="ErrorCodes.SchemaViolation"/> per violation, with the JSON path and
/// the kind of violation only — never the offending value, which may be health data.</para>
/// <threadsafety>Immutable after <see cref="LoadFrom"/>; <see cref="Validate"/> is safe to call from any thread.</threadsafety>
/// </remarks>
public sealed class CredentialSchemaRegistry
{
    /// <summary>The only <c>credentialSchema.type</c> supported (a JSON Schema applied to the credential itself).</summary>
    public const string JsonSchemaType = "JsonSchema";

    private readonly FrozenDictionary<string, JsonSchema> _schemas;

    private CredentialSchemaRegistry(FrozenDictionary<string, JsonSchema> schemas) => _schemas = schemas;

    /// <summary>The <c>$id</c>s of the loaded schemas.</summary>
    public IReadOnlyCollection<string> SchemaIds => _schemas.Keys;

    /// <summary>Loads every <c>*.schema.json</c> in <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist (a deployment error).</exception>
    /// <exception cref="InvalidDataException">A file is not a schema with an absolute <c>$id</c>, repeats an <c>$id</c>,
    /// or refers to another document (schemas must be self-contained: nothing is fetched).</exception>
    public static CredentialSchemaRegistry LoadFrom(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(directory, "*.schema.json").Order(StringComparer.Ordinal))
        {
            (string? id, JsonSchema schema) = Load(path);
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

        var errors = new List<Error>();
        Collect(schema.Validate(credential.ToJsonString()), errors);
        return errors;
    }

    private static void Collect(IEnumerable<ValidationError> violations, List<Error> errors)
    {
        foreach (ValidationError violation in violations)
        {
            // Invariant: only the path and the kind go into the detail; ValidationError.ToString() is not used
            // because later NJsonSchema versions may add the value.
            string path = string.IsNullOrEmpty(violation.Path) ? "#" : violation.Path;
            errors.Add(new Error(ErrorCodes.SchemaViolation, $"{path}: {violation.Kind}"));
            if (violation is ChildSchemaValidationError child)
            {
                foreach (ICollection<ValidationError> nested in child.Errors.Values)
                {
                    Collect(nested, errors);
                }
            }
        }
    }

    // NJsonSchema fills Namotion.Reflection's caches on first use without synchronisation: two registries loading at
    // once (two servers in one process, as in the tests) can fail with KeyNotFoundException. Loading is a start-up
    // step, so it is serialised. (NJsonSchema is to be replaced by JsonSchema.Net, issue 15.)
    private static readonly Lock s_loadLock = new();

    private static (string? Id, JsonSchema Schema) Load(string path)
    {
        lock (s_loadLock)
        {
            return LoadUnsynchronized(path);
        }
    }

    private static (string? Id, JsonSchema Schema) LoadUnsynchronized(string path)
    {
        string text = File.ReadAllText(path);
        try
        {
            // NJsonSchema reads "$id" only for some schema versions, so the key is read from the document itself.
            string? id = JsonValues.GetString(JsonNode.Parse(text)?["$id"]);

            // Parsing does no I/O (the resolver refuses every external reference), so it completes synchronously.
            JsonSchema schema = JsonSchema.FromJsonAsync(text, documentPath: null,
                root => new OfflineReferenceResolver(new JsonSchemaAppender(root, new DefaultTypeNameGenerator())))
                .GetAwaiter().GetResult();
            return (id, schema);
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException($"{path}: not a usable, self-contained draft-07 schema ({e.GetBaseException().Message}).", e);
        }
    }

    /// <summary>Resolves only references inside the same document: a remote or file <c>$ref</c> is a deployment error.</summary>
    private sealed class OfflineReferenceResolver(JsonSchemaAppender appender) : JsonReferenceResolver(appender)
    {
        public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new InvalidDataException($"Schema refers to the file {filePath}; schemas must be self-contained.");

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new InvalidDataException($"Schema refers to {url}; schemas are never fetched and must be self-contained.");
    }
}
