using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Primitives;

namespace Identity.Credentials.Validation;

/// <summary>The document one rule pass looks at, and the errors the rules report on it.</summary>
/// <remarks>Invariant: every error is <see cref="ErrorCodes.DataModelViolation"/> and its detail starts with the JSON path
/// of the property (prefixed, for a credential inside a presentation, with <c>verifiableCredential[i].</c>); details name
/// properties and rules, never claim values.</remarks>
internal sealed class ValidationContext(JsonObject document, VcVersion version, string pathPrefix, List<Error> errors)
{
    public JsonObject Document { get; } = document;

    public VcVersion Version { get; } = version;

    public string PathPrefix { get; } = pathPrefix;

    public List<Error> Errors { get; } = errors;

    public void Report(string path, string rule) =>
        Errors.Add(new Error(ErrorCodes.DataModelViolation, $"{PathPrefix}{path}: {rule}"));
}
