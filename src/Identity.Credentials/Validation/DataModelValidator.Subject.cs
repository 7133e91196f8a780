using System.Text.Json.Nodes;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    /// <summary>§4.8: <c>credentialSubject</c> is required and is one or more objects, each making at least one claim
    /// (an empty object says nothing), each with at most one URL <c>id</c>.</summary>
    private static void ValidateCredentialSubject(ValidationContext context)
    {
        JsonNode? value = context.Document["credentialSubject"];
        if (value is null)
        {
            context.Report("credentialSubject", "is required.");
            return;
        }

        if (value is JsonArray { Count: 0 })
        {
            context.Report("credentialSubject", "must contain at least one subject.");
            return;
        }

        JsonNode?[] subjects = value is JsonArray array ? [.. array] : [value];
        for (int i = 0; i < subjects.Length; i++)
        {
            string path = value is JsonArray ? $"credentialSubject[{i}]" : "credentialSubject";
            if (subjects[i] is not JsonObject subject)
            {
                context.Report(path, "must be an object.");
            }
            else if (subject.Count == 0)
            {
                context.Report(path, "must make at least one claim (it is an empty object).");
            }
            else
            {
                ValidateIdentifier(context, subject, path, required: false);
            }
        }
    }
}
