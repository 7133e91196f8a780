using Identity.Primitives;

namespace Identity.Storage;

/// <summary>
/// The storage port of remote patient monitoring (docs/monitoring.md): the device table and the readings devices sign.
/// A separate port from <see cref="IIdentityStore"/> so that stores grow it without touching the main one; both
/// adapters implement it on the same database.
/// </summary>
/// <remarks><threadsafety>Implementations are thread-safe and safe to share between processes on one database.</threadsafety></remarks>
public interface IReadingStore
{
    /// <summary>Points the device at a new binding credential (creating its row, or keeping its high-water mark).</summary>
    /// <returns>The device's row; <c>notFound</c> for an unknown tenant.</returns>
    Task<Result<DeviceRecord>> BindDeviceAsync(string tenantId, string deviceTag, string credentialId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The device's row in the tenant, or null when the tenant never bound it.</summary>
    Task<DeviceRecord?> GetDeviceAsync(string tenantId, string deviceTag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a batch in one transaction, deciding each reading against what is stored: a sequence number already
    /// stored is a duplicate (same digest) or a replay; one not above the high-water mark (or the batch's previous
    /// accepted reading) is out of order; the rest are accepted. When any is accepted the batch row, the readings,
    /// the new high-water mark and the audit entry <paramref name="audit"/> makes of the accepted count are written
    /// together; otherwise nothing is written. Before anything, inside the transaction, the device must still be bound
    /// by <see cref="ReadingBatch.BindingCredentialId"/> and that credential neither revoked nor suspended.
    /// </summary>
    /// <returns>The verdicts; <c>deviceNotBound</c> when the device's binding changed or was revoked meanwhile.</returns>
    Task<Result<ReadingCommit>> AppendReadingsAsync(ReadingBatch batch, Func<int, AuditEntry> audit, CancellationToken cancellationToken = default);

    /// <summary>A patient's readings (by subject tag), oldest effective first, with the given code and from
    /// <paramref name="since"/> when given, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<StoredReading>> FindReadingsAsync(
        string tenantId, string subjectTag, string? code, DateTimeOffset? since, int limit, CancellationToken cancellationToken = default);

    /// <summary>The stored batches with these ids (those not found are absent).</summary>
    Task<IReadOnlyList<StoredReadingBatch>> GetReadingBatchesAsync(string tenantId, IReadOnlyCollection<string> batchIds, CancellationToken cancellationToken = default);
}
