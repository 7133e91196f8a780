namespace Identity.Primitives;

/// <summary>Codes of remote patient monitoring's alert rules (docs/monitoring.md, "Alerts").</summary>
public static partial class ErrorCodes
{
    /// <summary>A patient's alert rules were refused: an unknown LOINC code, a unit that is not one of the code's UCUM
    /// units, a threshold that is not a number, too many rules, a repeated id, or an unknown member.</summary>
    public const string InvalidAlertRules = "invalidAlertRules";
}
