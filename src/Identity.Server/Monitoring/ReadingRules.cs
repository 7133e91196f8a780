// References: LOINC (https://loinc.org) codes 2339-0, 15074-8, 8867-4, 85354-9, 8480-6, 8462-4, 59408-5, 29463-7;
//   UCUM (https://ucum.org/ucum) codes mg/dL, mmol/L, /min, mm[Hg], %, kg, g, [lb_av]; HL7 FHIR R4 vital signs profile,
//   http://hl7.org/fhir/R4/observation-vitalsigns.html
using System.Collections.Frozen;

namespace Identity.Server.Monitoring;

/// <summary>
/// What a device may report: per LOINC code, the UCUM units allowed and, per unit, the physiologically plausible range
/// (a value outside it is a broken sensor or a forgery, never a reading to alert on); and per device kind, the codes
/// it measures. The blood-pressure panel carries no value of its own, only its two components.
/// </summary>
internal static class ReadingRules
{
    public const string Loinc = "http://loinc.org";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string BloodPressurePanel = "85354-9";
    public const string Systolic = "8480-6";
    public const string Diastolic = "8462-4";

    /// <summary>An allowed unit of a code and the closed range of plausible values in it.</summary>
    public sealed record UnitRange(string Unit, decimal Min, decimal Max);

    /// <summary>Allowed units and ranges of each code carrying a value (components included).</summary>
    public static FrozenDictionary<string, UnitRange[]> Units { get; } = new Dictionary<string, UnitRange[]>
    {
        ["2339-0"] = [new("mg/dL", 10m, 1500m), new("mmol/L", 0.5m, 85m)],
        ["15074-8"] = [new("mmol/L", 0.5m, 85m), new("mg/dL", 10m, 1500m)],
        ["8867-4"] = [new("/min", 20m, 300m)],
        [Systolic] = [new("mm[Hg]", 40m, 300m)],
        [Diastolic] = [new("mm[Hg]", 20m, 200m)],
        ["59408-5"] = [new("%", 50m, 100m)],
        ["29463-7"] = [new("kg", 0.5m, 500m), new("g", 500m, 500_000m), new("[lb_av]", 1m, 1100m)],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The device kinds a binding names, and the top-level codes each may report.</summary>
    public static FrozenDictionary<string, FrozenSet<string>> Kinds { get; } = new Dictionary<string, FrozenSet<string>>
    {
        ["cgm"] = FrozenSet.Create(StringComparer.Ordinal, "2339-0", "15074-8"),
        ["bp"] = FrozenSet.Create(StringComparer.Ordinal, BloodPressurePanel, "8867-4"),
        ["pulse-ox"] = FrozenSet.Create(StringComparer.Ordinal, "59408-5", "8867-4"),
        ["scale"] = FrozenSet.Create(StringComparer.Ordinal, "29463-7"),
        ["hr"] = FrozenSet.Create(StringComparer.Ordinal, "8867-4"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The LOINC display of each code; a coding may carry it, and then exactly it (a label cannot say another thing).</summary>
    public static FrozenDictionary<string, string> Displays { get; } = new Dictionary<string, string>
    {
        ["2339-0"] = "Glucose [Mass/volume] in Blood",
        ["15074-8"] = "Glucose [Moles/volume] in Blood",
        ["8867-4"] = "Heart rate",
        [BloodPressurePanel] = "Blood pressure panel with all children optional",
        [Systolic] = "Systolic blood pressure",
        [Diastolic] = "Diastolic blood pressure",
        ["59408-5"] = "Oxygen saturation in Arterial blood by Pulse oximetry",
        ["29463-7"] = "Body weight",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string VitalSigns = "vital-signs";
    public const string Laboratory = "laboratory";

    /// <summary>The FHIR observation category of each top-level code: glucose is a laboratory result, the rest vital signs.</summary>
    public static FrozenDictionary<string, string> Categories { get; } = new Dictionary<string, string>
    {
        ["2339-0"] = Laboratory,
        ["15074-8"] = Laboratory,
        ["8867-4"] = VitalSigns,
        [BloodPressurePanel] = VitalSigns,
        ["59408-5"] = VitalSigns,
        ["29463-7"] = VitalSigns,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True for a code a device may report at top level (the panel or a code with a value).</summary>
    public static bool IsReportable(string code) => code == BloodPressurePanel || (Units.ContainsKey(code) && code is not Systolic and not Diastolic);
}
