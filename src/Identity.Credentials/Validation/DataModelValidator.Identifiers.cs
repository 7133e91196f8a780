using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    /// <summary>§4.4: the credential's or presentation's optional <c>id</c> is a single URL.</summary>
    private static void ValidateDocumentId(ValidationContext context) =>
        ValidateIdentifier(context, context.Document, string.Empty, required: false);

    /// <summary>§4.4: an <c>id</c>, where present (or required), is exactly one string that is a URL (an absolute IRI: DIDs,
    /// <c>urn:uuid:</c> and <c>https:</c> URLs alike).</summary>
    private static void ValidateIdentifier(ValidationContext context, JsonObject owner, string ownerPath, bool required)
    {
        string path = ownerPath.Length == 0 ? "id" : ownerPath + ".id";
        if (!owner.TryGetPropertyValue("id", out JsonNode? id))
        {
            if (required)
            {
                context.Report(path, "is required.");
            }

            return;
        }

        if (id is JsonArray)
        {
            context.Report(path, "must be a single URL, not an array.");
        }
        else if (!Iri.IsAbsolute(JsonValues.GetString(id)))
        {
            context.Report(path, "must be a URL (an absolute IRI such as a DID or an https: URL).");
        }
    }

    /// <summary>§5.3: each <c>relatedResource</c> entry has a URL <c>id</c> and at least one digest (<c>digestSRI</c>
    /// or <c>digestMultibase</c>, each one or more strings), and no two entries share an <c>id</c>.</summary>
    private static void ValidateRelatedResource(ValidationContext context)
    {
        JsonNode? value = context.Document["relatedResource"];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        JsonNode?[] items = [.. JsonValues.AsSet(value)];
        for (int i = 0; i < items.Length; i++)
        {
            string path = value is JsonArray ? $"relatedResource[{i}]" : "relatedResource";
            if (items[i] is not JsonObject entry)
            {
                context.Report(path, "must be an object.");
                continue;
            }

            ValidateIdentifier(context, entry, path, required: true);
            if (JsonValues.Strings(entry["digestSRI"]).IsEmpty && JsonValues.Strings(entry["digestMultibase"]).IsEmpty)
            {
                context.Report(path, "must have a digestSRI or a digestMultibase (one or more digest strings).");
            }

            if (JsonValues.GetString(entry["id"]) is { } id && !seen.Add(id))
            {
                context.Report(path + ".id", "must not repeat the id of an earlier relatedResource entry.");
            }
        }
    }
}
