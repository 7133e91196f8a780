using System.Text.Json.Nodes;

namespace Identity.HealthCards.Fhir;

/// <summary>
/// One readable line per FHIR resource (a Bundle's entries, or one resource): a patient's name and birth date, an
/// immunization's vaccine code, date and lot, an observation's code, value and date. For people, not for machines.
/// </summary>
/// <remarks><threadsafety>Stateless and thread-safe.</threadsafety></remarks>
public static class FhirSummary
{
    private const int MaxLines = 100;

    public static IReadOnlyList<string> Lines(JsonObject resourceOrBundle)
    {
        ArgumentNullException.ThrowIfNull(resourceOrBundle);
        var resources = JsonValues.String(resourceOrBundle["resourceType"]) == "Bundle" && resourceOrBundle["entry"] is JsonArray entries
            ? entries.Select(e => e?["resource"] as JsonObject).OfType<JsonObject>()
            : [resourceOrBundle];
        return [.. resources.Take(MaxLines).Select(Line)];
    }

    private static string Line(JsonObject r) => JsonValues.String(r["resourceType"]) switch
    {
        "Patient" => Join("Patient", Name(r["name"]), JsonValues.String(r["gender"]), Prefixed("born ", r["birthDate"])),
        "Immunization" => Join("Immunization", Code(r["vaccineCode"]), JsonValues.String(r["occurrenceDateTime"]), JsonValues.String(r["status"]),
            Prefixed("lot ", r["lotNumber"]), JsonValues.String(r["performer"]?[0]?["actor"]?["display"])),
        "Observation" => Join("Observation", Code(r["code"]), Value(r), JsonValues.String(r["effectiveDateTime"]), JsonValues.String(r["status"])),
        "DiagnosticReport" => Join("DiagnosticReport", Code(r["code"]), JsonValues.String(r["effectiveDateTime"]) ?? JsonValues.String(r["issued"]),
            JsonValues.String(r["conclusion"]), JsonValues.String(r["status"])),
        { } type => type,
        null => "(no resourceType)",
    };

    private static string Join(string type, params string?[] parts) =>
        type + ": " + string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string? Prefixed(string prefix, JsonNode? node) => JsonValues.String(node) is { } text ? prefix + text : null;

    private static string? Name(JsonNode? names)
    {
        var name = (names as JsonArray)?.FirstOrDefault() as JsonObject;
        if (name is null)
        {
            return null;
        }

        var given = (name["given"] as JsonArray)?.Select(JsonValues.String).Where(g => g is not null) ?? [];
        return JsonValues.String(name["text"]) ?? string.Join(' ', given.Append(JsonValues.String(name["family"])).Where(p => p is not null));
    }

    // "CVX 208 (COVID-19 mRNA)": the system's short name (or last path segment), the code and its text or display.
    private static string? Code(JsonNode? concept)
    {
        var coding = (concept?["coding"] as JsonArray)?.FirstOrDefault() as JsonObject;
        string? text = JsonValues.String(concept?["text"]) ?? JsonValues.String(coding?["display"]);
        if (coding is null)
        {
            return text;
        }

        string system = JsonValues.String(coding["system"]) switch
        {
            "http://loinc.org" => "LOINC",
            "http://snomed.info/sct" => "SNOMED CT",
            "http://hl7.org/fhir/sid/cvx" => "CVX",
            { } other => other.TrimEnd('/').Split('/', ':')[^1],
            null => "?",
        };
        return $"{system} {JsonValues.String(coding["code"])}" + (text is null ? "" : $" ({text})");
    }

    private static string? Value(JsonObject r) =>
        r["valueQuantity"] is JsonObject q ? $"= {q["value"]} {JsonValues.String(q["unit"]) ?? JsonValues.String(q["code"])}".TrimEnd()
        : r["valueCodeableConcept"] is { } c ? "= " + Code(c)
        : JsonValues.String(r["valueString"]) is { } s ? "= " + s
        : null;
}
