// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §2.1 Proofs (property
//   names) and §2.1 created/expires (XML Schema 1.1 dateTimeStamp), https://www.w3.org/TR/vc-data-integrity/#proofs
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>The proof property names, the one proof type, and reading helpers that never throw.</summary>
internal static partial class ProofFields
{
    public const string DataIntegrityProofType = "DataIntegrityProof";
    public const string Proof = "proof";
    public const string Context = "@context";
    public const string Type = "type";
    public const string Id = "id";
    public const string Cryptosuite = "cryptosuite";
    public const string Created = "created";
    public const string Expires = "expires";
    public const string VerificationMethod = "verificationMethod";
    public const string ProofPurpose = "proofPurpose";
    public const string PreviousProof = "previousProof";
    public const string Challenge = "challenge";
    public const string Domain = "domain";
    public const string ProofValue = "proofValue";

    /// <summary>Formats a time as the XML Schema dateTime this library writes: UTC, whole seconds, <c>Z</c>.</summary>
    public static string FormatDateTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The string value of <paramref name="name"/>, or null when absent or not a JSON string.</summary>
    public static string? GetString(JsonObject json, string name) =>
        json.TryGetPropertyValue(name, out JsonNode? node) && node is JsonValue value
            && value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out string? text)
            ? text
            : null;

    /// <summary>Reads an optional string property: absent is fine, present but not a string is <c>malformedProof</c>.</summary>
    public static Result<string?> GetOptionalString(JsonObject json, string name)
    {
        if (!json.TryGetPropertyValue(name, out JsonNode? node))
        {
            return Result<string?>.Success(null);
        }

        string? text = GetString(json, name);
        return text is null ? Malformed($"'{name}' must be a string.") : Result<string?>.Success(text);
    }

    /// <summary>Reads a required string property, else <c>malformedProof</c>.</summary>
    public static Result<string> GetRequiredString(JsonObject json, string name)
    {
        string? text = GetString(json, name);
        return text is null ? Malformed($"The proof has no string '{name}'.") : text;
    }

    /// <summary>Reads an optional XML Schema dateTime (a time zone offset is required), else <c>malformedProof</c>.</summary>
    public static Result<DateTimeOffset?> GetOptionalDateTime(JsonObject json, string name)
    {
        Result<string?> text = GetOptionalString(json, name);
        if (!text.IsSuccess || text.Value is null)
        {
            return text.IsSuccess ? Result<DateTimeOffset?>.Success(null) : text.Error;
        }

        if (DateTimePattern().IsMatch(text.Value)
            && DateTimeOffset.TryParse(text.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
        {
            return Result<DateTimeOffset?>.Success(time);
        }

        return Malformed($"'{name}' is not an XML Schema dateTime with a time zone: '{text.Value}'.");
    }

    /// <summary>Reads <c>previousProof</c>: absent, one string, or an array of strings; else <c>malformedProof</c>.</summary>
    public static Result<IReadOnlyList<string>> GetPreviousProof(JsonObject proof)
    {
        if (!proof.TryGetPropertyValue(PreviousProof, out JsonNode? node))
        {
            return Array.Empty<string>();
        }

        if (GetString(proof, PreviousProof) is { } single)
        {
            return new[] { single };
        }

        if (node is JsonArray array)
        {
            var ids = new List<string>(array.Count);
            foreach (JsonNode? element in array)
            {
                if (element is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                {
                    return Malformed("'previousProof' must be a string or an array of strings.");
                }

                ids.Add(value.GetValue<string>());
            }

            return ids;
        }

        return Malformed("'previousProof' must be a string or an array of strings.");
    }

    /// <summary>A <c>malformedProof</c> error.</summary>
    public static Error Malformed(string detail) => new(ErrorCodes.MalformedProof, detail);

    // XML Schema 1.1 dateTimeStamp: the zone is mandatory, so that a proof's time is unambiguous.
    [GeneratedRegex(@"^-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
