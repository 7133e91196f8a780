namespace Identity.Server.Monitoring;

/// <summary>Applies a patient's rules to one reading: each measured value of a watched analyte, restated in the rule's unit.</summary>
internal static class AlertEvaluator
{
    /// <summary>Decimal places of an alert's reported value (the comparison uses the exact restated value).</summary>
    public const int ReportedDecimals = 2;

    /// <summary>The alerts <paramref name="reading"/> raises under <paramref name="rules"/>, raised at <paramref name="now"/>.</summary>
    public static IEnumerable<Alert> Evaluate(IReadOnlyList<AlertRule> rules, AcceptedReading reading, DateTimeOffset now)
    {
        foreach (var measured in reading.Values)
        {
            foreach (var rule in rules)
            {
                if (!MonitoredQuantities.SameAnalyte(rule.Code, measured.Code)
                    || MonitoredQuantities.Convert(rule.Code, measured.Value, measured.Unit, rule.Unit) is not { } value
                    || rule.Crossed(value) is null)
                {
                    continue;
                }

                yield return new Alert(
                    Alert.IdOf(reading.TenantId, reading.ObservationId, rule.Id, measured.Code), reading.PatientDid, rule.Id, rule.Code,
                    Math.Round(value, ReportedDecimals, MidpointRounding.AwayFromZero), rule.Unit, reading.Effective, reading.ObservationId,
                    reading.DeviceDid, now);
            }
        }
    }
}
