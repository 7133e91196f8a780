using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    private const string VerifiableCredentialType = "VerifiableCredential";
    private const string VerifiablePresentationType = "VerifiablePresentation";
    private const string EnvelopedVerifiableCredentialType = "EnvelopedVerifiableCredential";

    /// <summary>§4.5: a credential's <c>type</c> includes <c>VerifiableCredential</c>.</summary>
    private static void ValidateCredentialType(ValidationContext context) =>
        ValidateDocumentType(context, VerifiableCredentialType);

    /// <summary>§4.5 and §4.13: a presentation's <c>type</c> includes <c>VerifiablePresentation</c>.</summary>
    private static void ValidatePresentationType(ValidationContext context) =>
        ValidateDocumentType(context, VerifiablePresentationType);

    private static void ValidateDocumentType(ValidationContext context, string required)
    {
        if (ValidateTypeValue(context, context.Document["type"], "type")
            && !JsonValues.Strings(context.Document["type"]).Contains(required, StringComparer.Ordinal))
        {
            context.Report("type", $"must include \"{required}\".");
        }
    }

    /// <summary>§4.5: <c>type</c> is present and is one or more strings (terms or URLs).</summary>
    /// <returns>True when the value has the right shape, so that callers may look inside it.</returns>
    private static bool ValidateTypeValue(ValidationContext context, JsonNode? value, string path)
    {
        if (value is null)
        {
            context.Report(path, "is required.");
            return false;
        }

        JsonNode?[] items = [.. JsonValues.AsSet(value)];
        if (items.Length == 0)
        {
            context.Report(path, "must contain at least one type.");
            return false;
        }

        bool wellFormed = true;
        for (int i = 0; i < items.Length; i++)
        {
            if (string.IsNullOrEmpty(JsonValues.GetString(items[i])))
            {
                context.Report(value is JsonArray ? $"{path}[{i}]" : path, "every type must be a non-empty string (a term or a URL).");
                wellFormed = false;
            }
        }

        return wellFormed;
    }

    /// <summary>
    /// The shape shared by <c>credentialStatus</c>, <c>credentialSchema</c>, <c>evidence</c>, <c>refreshService</c>,
    /// <c>termsOfUse</c> and <c>proof</c>: one or more objects, each with a <c>type</c> and, when it has one, a URL <c>id</c>.
    /// </summary>
    /// <returns>The objects with their paths, for rules that check more.</returns>
    private static List<(JsonObject Entry, string Path)> ValidateTypedEntries(ValidationContext context, string property, bool idRequired)
    {
        var entries = new List<(JsonObject, string)>();
        JsonNode? value = context.Document[property];
        if (value is null)
        {
            if (context.Document.ContainsKey(property))
            {
                context.Report(property, "must not be null.");
            }

            return entries;
        }

        JsonNode?[] items = [.. JsonValues.AsSet(value)];
        for (int i = 0; i < items.Length; i++)
        {
            string path = value is JsonArray ? $"{property}[{i}]" : property;
            if (items[i] is not JsonObject entry)
            {
                context.Report(path, "must be an object.");
                continue;
            }

            ValidateTypeValue(context, entry["type"], path + ".type");
            ValidateIdentifier(context, entry, path, idRequired);
            entries.Add((entry, path));
        }

        return entries;
    }

    /// <summary>§4.10: each <c>credentialStatus</c> entry has a <c>type</c>; its optional <c>id</c> is a URL.</summary>
    private static void ValidateCredentialStatus(ValidationContext context) => ValidateTypedEntries(context, "credentialStatus", idRequired: false);

    /// <summary>§4.11: each <c>credentialSchema</c> entry has a URL <c>id</c> and a <c>type</c>.</summary>
    private static void ValidateCredentialSchema(ValidationContext context) => ValidateTypedEntries(context, "credentialSchema", idRequired: true);

    /// <summary>§5.6: each <c>evidence</c> entry has a <c>type</c>.</summary>
    private static void ValidateEvidence(ValidationContext context) => ValidateTypedEntries(context, "evidence", idRequired: false);

    /// <summary>§5.4: each <c>refreshService</c> entry has a <c>type</c>.</summary>
    private static void ValidateRefreshService(ValidationContext context) => ValidateTypedEntries(context, "refreshService", idRequired: false);

    /// <summary>§5.5: each <c>termsOfUse</c> entry has a <c>type</c>.</summary>
    private static void ValidateTermsOfUse(ValidationContext context) => ValidateTypedEntries(context, "termsOfUse", idRequired: false);

    /// <summary>§4.12 and VC Data Integrity §2.1: each embedded <c>proof</c> has a <c>type</c>. Its other fields are the
    /// cryptosuite's to check.</summary>
    private static void ValidateProof(ValidationContext context) => ValidateTypedEntries(context, "proof", idRequired: false);
}
