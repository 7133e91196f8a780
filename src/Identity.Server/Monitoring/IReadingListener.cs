namespace Identity.Server.Monitoring;

/// <summary>One accepted reading, after its batch committed: who, which device, what was measured.</summary>
/// <param name="Values">LOINC code (the component's for a panel), value and UCUM unit of each measured quantity.</param>
internal sealed record AcceptedReading(
    string TenantId,
    string PatientDid,
    string DeviceDid,
    long Sequence,
    string ObservationId,
    string Code,
    IReadOnlyList<MeasuredValue> Values,
    DateTimeOffset Effective);

/// <summary>One measured quantity of a reading.</summary>
internal sealed record MeasuredValue(string Code, decimal Value, string Unit);

/// <summary>Told of every batch of accepted readings once it is durable; must not throw and must return quickly.</summary>
internal interface IReadingListener
{
    ValueTask OnAcceptedAsync(IReadOnlyList<AcceptedReading> readings, CancellationToken cancellationToken);
}
