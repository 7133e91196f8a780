// References: HL7 FHIR R4 Observation, http://hl7.org/fhir/R4/observation.html ; Quantity,
//   http://hl7.org/fhir/R4/datatypes.html#Quantity ; RFC 3339 §5.6 (date-time with offset); docs/monitoring.md
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.Monitoring;

/// <summary>
/// The structural check of one device reading: a hand-written reader of the few Observation members a device may send
/// (any other member is refused), cheaper per reading than a general FHIR validator and strict where it matters —
/// the per-device sequence number, a LOINC code the device's kind measures, UCUM units and plausible values, the
/// bound patient as subject, the signing device as device, and an effective time not in the future.
/// </summary>
internal static partial class ObservationReader
{
    public const string SequenceSystem = "urn:identity:device-sequence";
    public const string UriSystem = "urn:ietf:rfc:3986";
    public const long MaxSequence = 1L << 53;

    /// <summary>How far back a reading may be: a device offline for weeks still uploads; older is a forgery or a broken clock.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(90);

    private static readonly FrozenSet<string> s_members = FrozenSet.Create(StringComparer.Ordinal,
        "resourceType", "id", "status", "identifier", "category", "code", "subject", "device", "effectiveDateTime", "valueQuantity", "component");

    /// <summary>Who signed, for whom, and when: what every reading of a batch is checked against.</summary>
    public sealed record Context(string PatientDid, string DeviceDid, string Kind, DateTimeOffset Now, TimeSpan Skew);

    /// <summary>A reading as read: its sequence number when readable, what it measured, and every reason to reject it.</summary>
    public sealed record Reading(long? Sequence, JsonObject? Observation, string? Code, ImmutableArray<MeasuredValue> Values, DateTimeOffset Effective, ImmutableArray<Error> Reasons)
    {
        public bool IsValid => Reasons.IsEmpty;
    }

    public static Reading Read(JsonNode? node, Context context)
    {
        var reasons = ImmutableArray.CreateBuilder<Error>();
        if (node is not JsonObject observation || JsonText.String(observation["resourceType"]) != "Observation")
        {
            return new Reading(null, null, null, [], default, [Invalid("The entry is not an Observation resource.")]);
        }

        long? sequence = ReadSequence(observation["identifier"]);
        if (sequence is null)
        {
            reasons.Add(Invalid($"identifier must be [{{\"system\": \"{SequenceSystem}\", \"value\": \"<1..2^53>\"}}]."));
        }

        if (observation.Select(p => p.Key).FirstOrDefault(k => !s_members.Contains(k)) is { } unknown)
        {
            reasons.Add(Invalid($"The member '{Short(unknown)}' is not accepted in a device Observation."));
        }

        if (observation["id"] is { } id && (JsonText.String(id) is not { } idText || !FhirId().IsMatch(idText)))
        {
            reasons.Add(Invalid("id must be a FHIR id ([A-Za-z0-9-.]{1,64})."));
        }

        if (JsonText.String(observation["status"]) != "final")
        {
            reasons.Add(Invalid("status must be \"final\"."));
        }


        if (Identifier(observation["subject"]) != context.PatientDid)
        {
            reasons.Add(new Error(ErrorCodes.SubjectMismatch, $"subject must be {{\"identifier\": {{\"system\": \"{UriSystem}\", \"value\": <the patient the device is bound to>}}}}."));
        }

        if (Identifier(observation["device"]) != context.DeviceDid)
        {
            reasons.Add(new Error(ErrorCodes.DeviceMismatch, $"device must be {{\"identifier\": {{\"system\": \"{UriSystem}\", \"value\": <the signing device's DID>}}}}."));
        }

        var effective = ReadInstant(observation["effectiveDateTime"]);
        if (effective is null)
        {
            reasons.Add(Invalid("effectiveDateTime must be an RFC 3339 date-time with seconds and an offset."));
        }
        else if (effective > context.Now + context.Skew)
        {
            reasons.Add(new Error(ErrorCodes.ReadingInFuture, $"effectiveDateTime is more than {context.Skew.TotalSeconds:0} s after the service's clock."));
        }
        else if (effective < context.Now - MaxAge)
        {
            reasons.Add(Invalid($"effectiveDateTime is more than {MaxAge.TotalDays:0} days before the service's clock; a device uploads what it measured since."));
        }

        var code = LoincCode(observation["code"]);
        var values = ImmutableArray<MeasuredValue>.Empty;
        if (code is null)
        {
            reasons.Add(Invalid($"code must be a CodeableConcept with one {ReadingRules.Loinc} coding."));
        }
        else if (!ReadingRules.IsReportable(code) || !ReadingRules.Kinds[context.Kind].Contains(code))
        {
            reasons.Add(new Error(ErrorCodes.CodeNotSupported, $"A {context.Kind} device does not report LOINC {Short(code)}."));
        }
        else
        {
            values = ReadValues(observation, code, reasons);
            if (!IsCategory(observation["category"], ReadingRules.Categories[code]))
            {
                reasons.Add(Invalid($"category must be absent or [{{\"coding\": [{{\"system\": \"{ReadingRules.CategorySystem}\", \"code\": \"{ReadingRules.Categories[code]}\"}}]}}] for LOINC {code}."));
            }
        }

        return new Reading(sequence, observation, code, values, effective ?? default, reasons.ToImmutable());
    }

    private static ImmutableArray<MeasuredValue> ReadValues(JsonObject observation, string code, ImmutableArray<Error>.Builder reasons)
    {
        if (code != ReadingRules.BloodPressurePanel)
        {
            if (observation.ContainsKey("component"))
            {
                reasons.Add(Invalid($"An Observation of LOINC {code} carries valueQuantity, not component."));
            }

            return Quantity(code, observation["valueQuantity"], reasons) is { } single ? [single] : [];
        }

        if (observation.ContainsKey("valueQuantity") || observation["component"] is not JsonArray { Count: 2 } components)
        {
            reasons.Add(Invalid("A blood-pressure panel carries exactly two components (systolic 8480-6, diastolic 8462-4) and no valueQuantity."));
            return [];
        }

        var read = new List<MeasuredValue>(2);
        foreach (var component in components)
        {
            var componentCode = component is JsonObject c && c.Count == 2 ? LoincCode(c["code"]) : null;
            if (componentCode is not (ReadingRules.Systolic or ReadingRules.Diastolic) || read.Any(v => v.Code == componentCode))
            {
                reasons.Add(Invalid("Each component is {\"code\": <LOINC 8480-6 or 8462-4>, \"valueQuantity\": …}, each once."));
                return [];
            }

            if (Quantity(componentCode, component!["valueQuantity"], reasons) is { } value)
            {
                read.Add(value);
            }
        }

        if (read.Count == 2 && read.Single(v => v.Code == ReadingRules.Systolic).Value <= read.Single(v => v.Code == ReadingRules.Diastolic).Value)
        {
            reasons.Add(new Error(ErrorCodes.ValueOutOfRange, "The systolic pressure must be above the diastolic."));
        }

        return [.. read];
    }

    // A UCUM quantity in an allowed unit, within the plausible range; null (with the reason) otherwise.
    private static MeasuredValue? Quantity(string code, JsonNode? node, ImmutableArray<Error>.Builder reasons)
    {
        if (node is not JsonObject quantity || quantity.Any(p => p.Key is not ("value" or "unit" or "system" or "code"))
            || quantity["value"] is not JsonValue number || number.GetValueKind() != JsonValueKind.Number || !number.TryGetValue(out decimal value))
        {
            reasons.Add(Invalid($"The value of LOINC {code} must be a Quantity {{value, unit, system, code}} with a numeric value."));
            return null;
        }

        var unit = JsonText.String(quantity["code"]);
        var range = ReadingRules.Units[code].FirstOrDefault(u => u.Unit == unit);
        if (JsonText.String(quantity["system"]) != ReadingRules.Ucum || range is null || (quantity.ContainsKey("unit") && JsonText.String(quantity["unit"]) != unit))
        {
            reasons.Add(new Error(ErrorCodes.UnitNotAllowed,
                $"LOINC {code} is reported in UCUM ({ReadingRules.Ucum}) {string.Join(" or ", ReadingRules.Units[code].Select(u => u.Unit))}, not '{Short(unit ?? "")}'; a unit label, when sent, is the UCUM code itself."));
            return null;
        }

        if (value < range.Min || value > range.Max)
        {
            reasons.Add(new Error(ErrorCodes.ValueOutOfRange, $"LOINC {code} in {unit} must lie between {range.Min} and {range.Max}."));
            return null;
        }

        return new MeasuredValue(code, value, range.Unit);
    }

    private static long? ReadSequence(JsonNode? node)
    {
        if (node is not JsonArray { Count: 1 } identifiers || identifiers[0] is not JsonObject { Count: 2 } identifier
            || JsonText.String(identifier["system"]) != SequenceSystem || JsonText.String(identifier["value"]) is not { Length: > 0 and <= 16 } text)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long sequence) && sequence is >= 1 and <= MaxSequence && text[0] != '0'
            ? sequence
            : null;
    }

    private static string? Identifier(JsonNode? reference) =>
        reference is JsonObject { Count: 1 } r && r["identifier"] is JsonObject { Count: 2 } identifier && JsonText.String(identifier["system"]) == UriSystem
            ? JsonText.String(identifier["value"])
            : null;

    // One LOINC coding {system, code, display?} and nothing else: no text, and a display only as LOINC spells it.
    private static string? LoincCode(JsonNode? concept)
    {
        if (concept is not JsonObject { Count: 1 } c || c["coding"] is not JsonArray { Count: 1 } codings || codings[0] is not JsonObject coding
            || coding.Any(p => p.Key is not ("system" or "code" or "display")) || JsonText.String(coding["system"]) != ReadingRules.Loinc
            || JsonText.String(coding["code"]) is not { Length: > 0 and <= 16 } code)
        {
            return null;
        }

        return !coding.ContainsKey("display") || (ReadingRules.Displays.TryGetValue(code, out var display) && JsonText.String(coding["display"]) == display)
            ? code
            : null;
    }

    // Absent, or exactly one concept with exactly the code's category (FHIR observation-category), nothing else.
    private static bool IsCategory(JsonNode? node, string expected) =>
        node is null
        || (node is JsonArray { Count: 1 } concepts && concepts[0] is JsonObject { Count: 1 } concept && concept["coding"] is JsonArray { Count: 1 } codings
            && codings[0] is JsonObject { Count: 2 } coding && JsonText.String(coding["system"]) == ReadingRules.CategorySystem
            && JsonText.String(coding["code"]) == expected);

    /// <summary>An RFC 3339 date-time with seconds and an offset (strictly: nothing after it), or null.</summary>
    public static DateTimeOffset? ReadInstant(string? text) =>
        text is not null && Rfc3339DateTime().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : null;

    private static DateTimeOffset? ReadInstant(JsonNode? node) => ReadInstant(JsonText.String(node));

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidObservation, detail);

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339DateTime();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex FhirId();
}
