namespace Identity.Storage;

/// <summary>
/// A patient's alert rules as stored: <paramref name="PatientTag"/> is the tenant's pseudonym of the patient's DID (never
/// the DID) and <paramref name="Rules"/> the rules as the service sealed them with the tenant's data key.
/// </summary>
public sealed record AlertRuleSetRecord(string TenantId, string PatientTag, string Rules, DateTimeOffset UpdatedAt);

/// <summary>
/// One raised alert as stored: <paramref name="Sequence"/> orders a tenant's alerts (assigned by the store),
/// <paramref name="AlertId"/> is unique (so raising the same alert twice stores it once), <paramref name="PatientTag"/>
/// the patient's pseudonym and <paramref name="Payload"/> the alert as the service sealed it.
/// </summary>
public sealed record AlertRecord(string TenantId, long Sequence, string AlertId, string PatientTag, DateTimeOffset RaisedAt, string Payload);
