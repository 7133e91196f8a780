using Identity.Primitives;
using System.Collections.Immutable;

namespace Identity.Storage;

/// <summary>A hospital tenant.</summary>
public sealed record TenantRecord(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>
/// One signing key of a tenant. <see cref="KeyId"/> is the fragment of its verification method in the tenant's
/// did:web document (<c>key-1</c>, <c>key-2</c>, …). The private key is stored only wrapped with the master key.
/// </summary>
public sealed record TenantKeyRecord(
    string TenantId,
    string KeyId,
    string KeyType,
    string PublicKeyMultibase,
    byte[] WrappedPrivateKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt = null)
{
    public bool IsRetired => RetiredAt is not null;
}

/// <summary>
/// An API key, stored only as the SHA-256 of its secret part; <see cref="Id"/> is the public part. It authenticates
/// while it is neither revoked nor past <see cref="ExpiresAt"/> (null: it does not expire).
/// </summary>
public sealed record ApiKeyRecord(
    string Id, string TenantId, byte[] SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>True when the key may authenticate at <paramref name="now"/>.</summary>
    public bool IsUsableAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || now < expires);
}

/// <summary>The two status purposes of Bitstring Status List v1.0 the service issues entries for.</summary>
public enum StatusPurpose
{
    Revocation,
    Suspension,
}

/// <summary>The status-list positions reserved for a credential being issued.</summary>
public sealed record StatusAllocation(string RevocationListId, int RevocationIndex, string SuspensionListId, int SuspensionIndex);

/// <summary>
/// A stored credential: the document as the service stored it (the server stores it encrypted; an erased credential's
/// document is empty), and its status positions.
/// </summary>
public sealed record CredentialRecord(
    string TenantId,
    string CredentialId,
    string Document,
    StatusAllocation Status,
    bool Revoked,
    bool Suspended,
    DateTimeOffset IssuedAt);

/// <summary>The outcome of a status change: the credential's list, its index, the bit now, and the list's new version.</summary>
public sealed record StatusChange(string ListId, int Index, StatusPurpose Purpose, bool Value, long ListVersion, bool Changed)
{
    /// <summary>
    /// Why a store refuses to set a credential's <paramref name="purpose"/> bit from <paramref name="current"/> to
    /// <paramref name="value"/>, or null: a revocation is permanent (Bitstring Status List v1.0 §2.1), a suspension is not.
    /// </summary>
    public static Error? Refusal(StatusPurpose purpose, bool current, bool value, string credentialId) =>
        purpose == StatusPurpose.Revocation && current && !value
            ? new Error(ErrorCodes.RevocationIsPermanent, $"The credential '{credentialId}' is revoked, and a revocation cannot be undone; issue a new credential.")
            : null;
}

/// <summary>A status list as stored: its size, purpose, version (bumped on every change) and the set indexes.</summary>
public sealed record StatusListSnapshot(
    string TenantId,
    string ListId,
    StatusPurpose Purpose,
    int Size,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    ImmutableArray<int> SetIndexes);

/// <summary>
/// A revocation list seen as a Token Status List: the list's size and, by revocation index, the credentials now
/// revoked and those suspended but not revoked (a JOSE credential's Token Status List entry is its revocation index).
/// </summary>
public sealed record TokenStatusListSnapshot(
    string TenantId, string ListId, int Size, ImmutableArray<int> RevokedIndexes, ImmutableArray<int> SuspendedIndexes);

/// <summary>A challenge this service issued.</summary>
public sealed record ChallengeRecord(string Value, string Domain, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>What the single-use value stands for (e.g. a sealed OpenID4VCI offer), stored with it; null for a plain challenge.</summary>
    public string? Payload { get; init; }

    /// <summary>The attempts counted against it so far (<see cref="IIdentityStore.BeginChallengeAttemptAsync"/>).</summary>
    public int Attempts { get; init; }
}

/// <summary>What consuming a challenge found.</summary>
public enum ChallengeState
{
    /// <summary>This service never issued it (or it was purged): the caller checks equality only.</summary>
    NotIssued,
    /// <summary>Issued, unexpired and unused; now consumed by this call.</summary>
    Consumed,
    /// <summary>Issued and already consumed by an earlier verification.</summary>
    AlreadyUsed,
    /// <summary>Issued but expired.</summary>
    Expired,
}

/// <summary>The result of <see cref="IIdentityStore.ConsumeChallengeAsync"/>; <see cref="Domain"/> is set when it was issued here.</summary>
public sealed record ChallengeConsumption(ChallengeState State, string? Domain, string? Payload = null);

/// <summary>
/// An audit event. It never holds claim values, keys or biometric data: only what happened, to which identifier,
/// and the outcome (e.g. <c>credential.issued</c>, <c>urn:uuid:…</c>, <c>ok</c>).
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string? TenantId, string Action, string? Subject, string Outcome);

/// <summary>
/// A stored audit entry: its sequence (leaf index + 1), the log's root before it (<paramref name="PreviousHash"/>) and its
/// RFC 9162 leaf hash (<paramref name="Hash"/>). Rows written before the log existed keep their old hash-chain values in
/// these two columns; the log itself (<c>log_nodes</c>) covers them too.
/// </summary>
public sealed record AuditRecord(long Sequence, AuditEntry Entry, byte[] PreviousHash, byte[] Hash);

/// <summary>
/// A protected biometric reference as stored (biometrics.md): the canonical record bytes (scheme, salt, helper data,
/// Argon2id parameters and tag), the credential that binds it, and when it was made. Never a template.
/// </summary>
public sealed record StoredBiometricRecord(string TenantId, string RecordId, string CredentialId, byte[] Record, DateTimeOffset CreatedAt)
{
    /// <summary>Ids and time only: the record bytes stay out of logs.</summary>
    public override string ToString() => $"StoredBiometricRecord {{ TenantId = {TenantId}, RecordId = {RecordId}, CredentialId = {CredentialId} }}";
}

/// <summary>
/// The outcome of <see cref="IIdentityStore.BeginBiometricAttemptAsync"/>: whether the match may run, the attempts the
/// current window counts (this one included when allowed), and, when refused, the instant the record unlocks.
/// </summary>
public sealed record BiometricAttempt(bool Allowed, int Attempts, DateTimeOffset? LockedUntil);
