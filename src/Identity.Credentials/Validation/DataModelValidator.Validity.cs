using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Validation;

public static partial class DataModelValidator
{
    /// <summary>
    /// 2.0 §4.9: <c>validFrom</c> and <c>validUntil</c>, when present, are XML Schema dateTimes and
    /// <c>validFrom ≤ validUntil</c>. 1.1 §4.6 and §4.7: <c>issuanceDate</c> is required, and it and the optional
    /// <c>expirationDate</c> are XML Schema dateTimes.
    /// </summary>
    /// <remarks>Values without an offset are accepted and read as UTC (2.0 §4.9 says such values MUST be interpreted so).</remarks>
    private static void ValidateValidityPeriod(ValidationContext context)
    {
        (string from, string until, bool fromRequired) = context.Version == VcVersion.V1_1
            ? ("issuanceDate", "expirationDate", true)
            : ("validFrom", "validUntil", false);

        DateTimeOffset? start = ValidateDateTime(context, from, fromRequired);
        DateTimeOffset? end = ValidateDateTime(context, until, required: false);
        if (start > end)
        {
            context.Report(until, $"must not be earlier than {from}.");
        }
    }

    private static DateTimeOffset? ValidateDateTime(ValidationContext context, string property, bool required)
    {
        if (!context.Document.TryGetPropertyValue(property, out JsonNode? value))
        {
            if (required)
            {
                context.Report(property, "is required.");
            }

            return null;
        }

        if (XsdDateTime.TryParse(JsonValues.GetString(value), out DateTimeOffset instant))
        {
            return instant;
        }

        context.Report(property, "must be an XML Schema dateTime string such as 2025-01-01T00:00:00Z.");
        return null;
    }
}
