// References: W3C VC Data Model 2.0 (validFrom, validUntil, credentialSubject), https://www.w3.org/TR/vc-data-model-2.0/ ;
//   HL7 v3 ActReason / PurposeOfUse, http://terminology.hl7.org/ValueSet/v3-PurposeOfUse ; FHIR R4 resource types,
//   http://hl7.org/fhir/R4/resourcelist.html ; docs/health.md
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.Consent;

/// <summary>
/// What a <c>ConsentCredential</c> allows, read from the signed document: the patient (subject), the signer (issuer), the
/// hospital holding the data (custodian), the provider who may access it, which data (FHIR resource types, optionally
/// narrowed to a category as <c>Type:category</c>), for which purposes of use, and for how long.
/// </summary>
internal sealed partial record ConsentTerms(
    string Id,
    string Issuer,
    string Patient,
    string Custodian,
    string Provider,
    ImmutableArray<string> Data,
    ImmutableArray<string> Purposes,
    DateTimeOffset? ValidFrom,
    DateTimeOffset ValidUntil)
{
    public const string CredentialType = "ConsentCredential";
    public const string Context = "https://identity.example/ns/consent/v1";
    public const int MaxData = 32;
    public const int MaxPurposes = 8;
    public const int MaxDidLength = 2048;

    /// <summary>The HL7 v3 PurposeOfUse codes a consent may name (system http://terminology.hl7.org/CodeSystem/v3-ActReason).</summary>
    public static readonly ImmutableHashSet<string> PurposeCodes =
    [
        "TREAT", "ETREAT", "BTG", "CAREMGT", "CLINTRCH", "HRESCH", "HPAYMT", "HOPERAT", "HQUALIMP", "PUBHLTH", "POPHLTH",
        "PATRQT", "FAMRQT", "PWATRNY", "COVERAGE", "HMARKT", "HDIRECT", "HLEGAL", "HSYSADMIN",
    ];

    public const string PurposeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    /// <summary>True when <paramref name="credential"/>'s <c>type</c> names <see cref="CredentialType"/>.</summary>
    public static bool IsConsent(JsonObject? credential) => credential?["type"] switch
    {
        JsonArray types => types.Any(t => JsonText.String(t) == CredentialType),
        var one => JsonText.String(one) == CredentialType,
    };

    /// <summary>The terms, or <c>invalidConsent</c> naming the first member that is missing or malformed.</summary>
    public static Result<ConsentTerms> Read(JsonObject credential)
    {
        if (!IsConsent(credential))
        {
            return Invalid($"type must include \"{CredentialType}\".");
        }

        var id = JsonText.String(credential["id"]);
        var issuer = JsonText.String(credential["issuer"]) ?? JsonText.String((credential["issuer"] as JsonObject)?["id"]);
        if (credential["credentialSubject"] is not JsonObject subject)
        {
            return Invalid("credentialSubject must be one object.");
        }

        var patient = JsonText.String(subject["id"]);
        var custodian = JsonText.String(subject["custodian"]);
        var provider = JsonText.String(subject["provider"]);
        foreach (var (name, value) in new[] { ("issuer", issuer), ("credentialSubject.id", patient), ("credentialSubject.custodian", custodian), ("credentialSubject.provider", provider) })
        {
            if (value is not { Length: <= MaxDidLength } || !Did.TryParse(value, out _))
            {
                return Invalid($"{name} must be a DID of at most {MaxDidLength} characters.");
            }
        }

        if (id is not { Length: > 0 and <= 256 })
        {
            return Invalid("id must be a URI of 1 to 256 characters (urn:uuid:…).");
        }

        var data = ReadData(subject["data"]);
        if (!data.IsSuccess)
        {
            return data.Error!;
        }

        var purposes = ReadList(subject["purpose"], MaxPurposes, PurposeCodes.Contains);
        if (purposes is null)
        {
            return Invalid($"credentialSubject.purpose must be 1 to {MaxPurposes} HL7 PurposeOfUse codes ({string.Join(", ", PurposeCodes.Order(StringComparer.Ordinal))}).");
        }

        if (!TryDate(credential["validUntil"], out var until) || until is null)
        {
            return Invalid("validUntil must be an XML Schema dateTime with a time zone: a consent always ends.");
        }

        if (!TryDate(credential["validFrom"], out var from) || (from is { } start && start >= until))
        {
            return Invalid("validFrom, when present, must be a dateTime before validUntil.");
        }

        return new ConsentTerms(id, issuer!, patient!, custodian!, provider!, data.Value, purposes.Value, from, until.Value);
    }

    /// <summary>Requested or consented data items: 1 to <see cref="MaxData"/> FHIR R4 resource types, each optionally <c>:category</c>.</summary>
    public static Result<ImmutableArray<string>> ReadData(JsonNode? node, string name = "credentialSubject.data")
    {
        var items = ReadList(node, MaxData, IsDataItem);
        return items is null
            ? Invalid($"{name} must be 1 to {MaxData} FHIR R4 resource types, each optionally narrowed to a category as Type:category (e.g. \"Observation:laboratory\").")
            : items.Value;
    }

    /// <summary>True when every requested item is covered: by the same item, or by its whole resource type.</summary>
    public bool Covers(string requested) =>
        Data.Contains(requested) || (requested.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon && Data.Contains(requested[..colon]));

    private static bool IsDataItem(string item)
    {
        var match = DataItem().Match(item);
        return match.Success && Hl7.Fhir.Model.ModelInfo.IsKnownResource(match.Groups["type"].Value);
    }

    private static ImmutableArray<string>? ReadList(JsonNode? node, int max, Func<string, bool> valid)
    {
        if (node is not JsonArray array || array.Count is 0 || array.Count > max)
        {
            return null;
        }

        var items = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (JsonText.String(item) is not { } text || !valid(text))
            {
                return null;
            }

            if (!items.Contains(text, StringComparer.Ordinal))
            {
                items.Add(text);
            }
        }

        return [.. items];
    }

    private static bool TryDate(JsonNode? node, out DateTimeOffset? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (JsonText.String(node) is not { } text || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || !(text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return false;
        }

        value = parsed;
        return true;
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidConsent, "The consent credential is not valid: " + detail);

    [GeneratedRegex("^(?<type>[A-Z][A-Za-z]{1,63})(:[A-Za-z0-9._-]{1,64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DataItem();
}
