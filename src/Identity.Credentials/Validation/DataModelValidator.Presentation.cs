using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    /// <summary>§4.13: <c>holder</c>, when present, is a URL or an object whose <c>id</c> is a URL.</summary>
    private static void ValidateHolder(ValidationContext context)
    {
        if (!context.Document.TryGetPropertyValue("holder", out JsonNode? holder))
        {
            return;
        }

        if (holder is JsonObject holderObject)
        {
            ValidateIdentifier(context, holderObject, "holder", required: true);
        }
        else if (!Iri.IsAbsolute(JsonValues.GetString(holder)))
        {
            context.Report("holder", "must be a URL, or an object whose id is a URL.");
        }
    }

    /// <summary>§4.13: each <c>verifiableCredential</c> entry is an object — an embedded credential, validated in full,
    /// or an <c>EnvelopedVerifiableCredential</c> (§4.13.1) — never a bare string such as a compact JWT.</summary>
    private static void ValidateVerifiableCredentials(ValidationContext context)
    {
        JsonNode? value = context.Document["verifiableCredential"];
        if (value is null)
        {
            if (context.Document.ContainsKey("verifiableCredential"))
            {
                context.Report("verifiableCredential", "must not be null.");
            }

            return;
        }

        JsonNode?[] items = [.. JsonValues.AsSet(value)];
        for (int i = 0; i < items.Length; i++)
        {
            string path = value is JsonArray ? $"verifiableCredential[{i}]" : "verifiableCredential";
            if (items[i] is not JsonObject entry)
            {
                context.Report(path, "must be an object (an embedded or enveloped credential), not a string or other value.");
            }
            else if (JsonValues.Strings(entry["type"]).Contains(EnvelopedVerifiableCredentialType, StringComparer.Ordinal))
            {
                ValidateEnvelope(context, entry, path);
            }
            else
            {
                ValidateEmbeddedCredential(context, entry, path);
            }
        }
    }

    /// <summary>§4.13.1: an enveloped credential carries the base context and a <c>data:</c> URL <c>id</c> holding the
    /// secured credential; what is inside the envelope is the securing mechanism's to check.</summary>
    private static void ValidateEnvelope(ValidationContext context, JsonObject envelope, string path)
    {
        if (JsonValues.GetString(JsonValues.AsSet(envelope["@context"]).FirstOrDefault()) != VcContexts.V2)
        {
            context.Report(path + ".@context", $"must start with \"{VcContexts.V2}\".");
        }

        if (JsonValues.GetString(envelope["id"]) is not { } id || !id.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            context.Report(path + ".id", "must be a data: URL holding the enveloped credential.");
        }
    }
}
