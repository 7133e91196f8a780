using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    /// <summary>§4.3: <c>@context</c> is an ordered set whose first item is the base context URL; the other items are
    /// URLs or context objects.</summary>
    /// <remarks>A lone string is read as a one-item set (JSON-LD's compaction of a single value), which the specification's
    /// own <c>EnvelopedVerifiableCredential</c> examples use.</remarks>
    private static void ValidateContext(ValidationContext context)
    {
        JsonNode? value = context.Document["@context"];
        if (value is null)
        {
            context.Report("@context", "is required.");
            return;
        }

        if (value is not (JsonArray or JsonValue))
        {
            context.Report("@context", "must be an ordered set (an array) of URLs and context objects.");
            return;
        }

        JsonNode?[] items = [.. JsonValues.AsSet(value)];
        if (items.Length == 0)
        {
            context.Report("@context", "must not be empty.");
            return;
        }

        string? first = JsonValues.GetString(items[0]);
        if (first is not (VcContexts.V2 or VcContexts.V1))
        {
            context.Report("@context[0]", $"must be \"{VcContexts.V2}\" (or \"{VcContexts.V1}\" for VC Data Model 1.1).");
        }

        for (int i = 1; i < items.Length; i++)
        {
            bool isUrl = Iri.IsAbsolute(JsonValues.GetString(items[i]));
            if (!isUrl && items[i] is not JsonObject)
            {
                context.Report($"@context[{i}]", "must be a URL or a context object.");
            }
        }
    }
}
