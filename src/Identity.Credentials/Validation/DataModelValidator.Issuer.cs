using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    private static readonly HashSet<string> s_languageValueKeys = new(StringComparer.Ordinal) { "@value", "@language", "@direction" };

    /// <summary>§4.7: <c>issuer</c> is required and is a URL, or an object whose <c>id</c> is a URL.</summary>
    private static void ValidateIssuer(ValidationContext context)
    {
        JsonNode? issuer = context.Document["issuer"];
        if (issuer is JsonObject issuerObject)
        {
            ValidateIdentifier(context, issuerObject, "issuer", required: true);
            ValidateNameAndDescription(context, issuerObject, "issuer.");
        }
        else if (issuer is null)
        {
            context.Report("issuer", "is required (a URL, or an object with a URL id).");
        }
        else if (!Iri.IsAbsolute(JsonValues.GetString(issuer)))
        {
            context.Report("issuer", "must be a URL, or an object whose id is a URL.");
        }
    }

    /// <summary>§4.6: a credential's <c>name</c> and <c>description</c> are strings or language value objects.</summary>
    private static void ValidateNamesAndDescriptions(ValidationContext context) =>
        ValidateNameAndDescription(context, context.Document, string.Empty);

    private static void ValidateNameAndDescription(ValidationContext context, JsonObject owner, string ownerPath)
    {
        foreach (string property in (ReadOnlySpan<string>)["name", "description"])
        {
            if (owner.TryGetPropertyValue(property, out JsonNode? value))
            {
                ValidateLanguageString(context, value, ownerPath + property);
            }
        }
    }

    /// <summary>§4.6 and §11.1 (language and base direction): a string, a value object <c>{"@value", "@language"?,
    /// "@direction"?}</c> with nothing else in it, or an array of those.</summary>
    private static void ValidateLanguageString(ValidationContext context, JsonNode? value, string path)
    {
        JsonNode?[] items = value is JsonArray array ? [.. array] : [value];
        if (items.Length == 0)
        {
            context.Report(path, "must not be an empty array.");
        }

        for (int i = 0; i < items.Length; i++)
        {
            string itemPath = value is JsonArray ? $"{path}[{i}]" : path;
            if (JsonValues.GetString(items[i]) is not null)
            {
                continue;
            }

            if (items[i] is not JsonObject valueObject)
            {
                context.Report(itemPath, "must be a string or a language value object.");
                continue;
            }

            if (JsonValues.GetString(valueObject["@value"]) is null)
            {
                context.Report(itemPath + ".@value", "is required and must be a string.");
            }

            if (valueObject.ContainsKey("@language") && JsonValues.GetString(valueObject["@language"]) is not { Length: > 0 })
            {
                context.Report(itemPath + ".@language", "must be a language tag string.");
            }

            if (valueObject.ContainsKey("@direction") && JsonValues.GetString(valueObject["@direction"]) is not ("ltr" or "rtl"))
            {
                context.Report(itemPath + ".@direction", "must be \"ltr\" or \"rtl\".");
            }

            foreach (string key in valueObject.Select(p => p.Key).Where(k => !s_languageValueKeys.Contains(k)))
            {
                context.Report($"{itemPath}.{key}", "is not allowed in a language value object (only @value, @language, @direction).");
            }
        }
    }
}
