using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Model;

/// <summary>The structural gate shared by <see cref="VerifiableCredential.Parse"/> and <see cref="VerifiablePresentation.Parse"/>.</summary>
internal static class DocumentShape
{
    /// <summary>Clones the node when it is an object with <c>@context</c> and <c>type</c>; <paramref name="clone"/> false
    /// keeps the node itself, for a caller that owns it and never changes it (the verifier's private copy).</summary>
    public static Result<JsonObject> Check(JsonNode? node, string what, bool clone = true)
    {
        if (node is not JsonObject obj)
        {
            return new Error(ErrorCodes.DataModelViolation, $"A {what} must be a JSON object.");
        }

        foreach (string required in (ReadOnlySpan<string>)["@context", "type"])
        {
            if (obj[required] is null)
            {
                return new Error(ErrorCodes.DataModelViolation, $"{required}: a {what} must have this property.");
            }
        }

        return clone ? obj.DeepClone().AsObject() : obj;
    }
}
