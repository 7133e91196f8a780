namespace Identity.Storage;

/// <summary>
/// A device's row in a tenant: the binding credential that currently binds it (its status bits say whether it still
/// does) and the highest reading sequence number accepted from it. The device is named only by the tenant's pseudonym
/// of its DID.
/// </summary>
public sealed record DeviceRecord(string TenantId, string DeviceTag, string CredentialId, long HighWater, DateTimeOffset UpdatedAt);

/// <summary>One reading to store: its per-device sequence number, content digest (a keyed hash), LOINC code, effective
/// instant and the sealed Observation.</summary>
public sealed record ReadingRow(long Sequence, string Digest, string Code, DateTimeOffset Effective, string Document);

/// <summary>
/// One signed batch of readings from a device, to store in one transaction. <see cref="Provenance"/> is sealed by the
/// service (the device DID and the JWS); <see cref="Readings"/> are in the order the device sent them.
/// </summary>
public sealed record ReadingBatch(
    string TenantId,
    string DeviceTag,
    string BindingCredentialId,
    string BatchId,
    string SubjectTag,
    string Provenance,
    DateTimeOffset ReceivedAt,
    IReadOnlyList<ReadingRow> Readings);

/// <summary>What the store decided for one reading of a batch.</summary>
public enum ReadingVerdict
{
    /// <summary>Stored now.</summary>
    Accepted,

    /// <summary>The device's reading with this sequence number is stored already, with the same digest: nothing written.</summary>
    Duplicate,

    /// <summary>The device's reading with this sequence number is stored already with another digest.</summary>
    Replayed,

    /// <summary>The sequence number is not above the device's high-water mark (or the batch's previous reading).</summary>
    OutOfOrder,
}

/// <summary>The outcome of storing a batch: the high-water mark before and after, one verdict per reading, and the
/// audit (transparency log) sequence number of the batch's entry when anything was accepted.</summary>
public sealed record ReadingCommit(long PreviousHighWater, long HighWater, IReadOnlyList<ReadingVerdict> Verdicts, long? LogSequence);

/// <summary>A stored reading as read back: its batch, sequence number, code, effective instant and sealed document.</summary>
public sealed record StoredReading(string BatchId, long Sequence, string Code, DateTimeOffset Effective, string Document);

/// <summary>A stored batch's sealed provenance and its audit sequence number.</summary>
public sealed record StoredReadingBatch(string BatchId, string Provenance, long LogSequence, DateTimeOffset ReceivedAt);
