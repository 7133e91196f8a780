// References: LOINC, https://loinc.org (2339-0, 15074-8, 8867-4, 8480-6, 8462-4, 59408-5, 29463-7);
//   UCUM, https://ucum.org/ucum (mg/dL, mmol/L, /min, mm[Hg], %, kg, g, [lb_av]);
//   glucose molar mass 180.156 g/mol, so 1 mmol/L = 18.0156 mg/dL.
using System.Collections.Frozen;

namespace Identity.Server.Monitoring;

/// <summary>
/// The quantities an alert rule may watch (the LOINC codes of docs/monitoring.md), the UCUM units each may be stated
/// in, and conversion between those units. Two glucose codes name one analyte (mass and molar concentration), so a rule
/// on either watches readings of both.
/// </summary>
/// <remarks><threadsafety>Immutable; thread-safe.</threadsafety></remarks>
internal static class MonitoredQuantities
{
    public const decimal GlucoseMgPerDlPerMmolPerL = 18.0156m;

    // Per analyte: every unit with its factor to the analyte's base unit (the first listed).
    private static readonly FrozenDictionary<string, FrozenDictionary<string, decimal>> s_units = new Dictionary<string, FrozenDictionary<string, decimal>>
    {
        ["glucose"] = Units(("mg/dL", 1m), ("mmol/L", GlucoseMgPerDlPerMmolPerL)),
        ["heart-rate"] = Units(("/min", 1m)),
        ["systolic"] = Units(("mm[Hg]", 1m)),
        ["diastolic"] = Units(("mm[Hg]", 1m)),
        ["spo2"] = Units(("%", 1m)),
        ["body-weight"] = Units(("g", 1m), ("kg", 1000m), ("[lb_av]", 453.59237m)),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> s_analytes = new Dictionary<string, string>
    {
        ["2339-0"] = "glucose",
        ["15074-8"] = "glucose",
        ["8867-4"] = "heart-rate",
        ["8480-6"] = "systolic",
        ["8462-4"] = "diastolic",
        ["59408-5"] = "spo2",
        ["29463-7"] = "body-weight",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every LOINC code a rule may name, in a stable order (for messages).</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. s_analytes.Keys.Order(StringComparer.Ordinal)];

    public static bool IsKnown(string code) => s_analytes.ContainsKey(code);

    /// <summary>The UCUM units <paramref name="code"/> may be stated in (empty for an unknown code).</summary>
    public static IReadOnlyList<string> UnitsOf(string code) =>
        s_analytes.TryGetValue(code, out var analyte) ? [.. s_units[analyte].Keys.Order(StringComparer.Ordinal)] : [];

    /// <summary>Whether a reading of <paramref name="readingCode"/> is one a rule on <paramref name="ruleCode"/> watches.</summary>
    public static bool SameAnalyte(string ruleCode, string readingCode) =>
        s_analytes.TryGetValue(ruleCode, out var a) && s_analytes.TryGetValue(readingCode, out var b) && a == b;

    /// <summary>
    /// <paramref name="value"/> in <paramref name="from"/> restated in <paramref name="to"/> (exact decimal arithmetic),
    /// or null when either unit is not one of <paramref name="code"/>'s or the result does not fit a decimal.
    /// </summary>
    public static decimal? Convert(string code, decimal value, string from, string to)
    {
        if (!s_analytes.TryGetValue(code, out var analyte) || !s_units[analyte].TryGetValue(from, out var fromFactor)
            || !s_units[analyte].TryGetValue(to, out var toFactor))
        {
            return null;
        }

        if (fromFactor == toFactor)
        {
            return value;
        }

        try
        {
            return value * fromFactor / toFactor;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static FrozenDictionary<string, decimal> Units(params (string Unit, decimal Factor)[] units) =>
        units.ToFrozenDictionary(u => u.Unit, u => u.Factor, StringComparer.Ordinal);
}
