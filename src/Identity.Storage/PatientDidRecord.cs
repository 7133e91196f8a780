using System.Collections.Immutable;

namespace Identity.Storage;

/// <summary>
/// A patient's did:web registered by a tenant (<c>did:web:{host}:tenants:{t}:patients:{id}</c>): the patient's public
/// keys (Multikey <c>publicKeyMultibase</c> values, in document order) and the document's version, bumped by every
/// update. Only public keys are stored; patients' private keys never reach the service.
/// </summary>
/// <remarks>Invariant: <see cref="Version"/> ≥ 1 and <see cref="PublicKeys"/> is not empty.</remarks>
public sealed record PatientDidRecord(
    string TenantId,
    string PatientId,
    ImmutableArray<string> PublicKeys,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeactivatedAt = null)
{
    public bool IsDeactivated => DeactivatedAt is not null;
}
