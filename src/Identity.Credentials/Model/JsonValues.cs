using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.Json;

namespace Identity.Credentials.Model;

/// <summary>Reading helpers over <see cref="JsonNode"/> trees in the shapes the VC data model allows.</summary>
internal static class JsonValues
{
    /// <summary>The string a node holds, or null when it is not a JSON string.</summary>
    public static string? GetString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>
    /// The members of a value that may be one item or an array of items ("one or more" in the data model).
    /// Absent properties and JSON null yield nothing.
    /// </summary>
    public static IEnumerable<JsonNode?> AsSet(JsonNode? node) => node switch
    {
        null => Array.Empty<JsonNode?>(),
        JsonArray array => array,
        // Not a collection expression: that would build a JsonArray here, re-parenting the node.
        _ => new[] { node },
    };

    /// <summary>The string members of a "one or more strings" value such as <c>type</c>; other members are skipped.</summary>
    public static ImmutableArray<string> Strings(JsonNode? node) =>
        AsSet(node).Select(GetString).OfType<string>().ToImmutableArray();

    /// <summary>Deep clones of the object members of a "one or more objects" value.</summary>
    public static ImmutableArray<JsonObject> ObjectClones(JsonNode? node) =>
        AsSet(node).OfType<JsonObject>().Select(o => o.DeepClone().AsObject()).ToImmutableArray();

    /// <summary>A string, or the string <c>id</c> of an object (the shapes of <c>issuer</c> and <c>holder</c>).</summary>
    public static string? StringOrObjectId(JsonNode? node) =>
        node is JsonObject obj ? GetString(obj["id"]) : GetString(node);
}
