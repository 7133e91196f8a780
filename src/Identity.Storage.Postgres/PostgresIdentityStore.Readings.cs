using Identity.Primitives;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Remote patient monitoring: devices, their high-water marks and the readings they sign (docs/monitoring.md).</summary>
/// <remarks>A batch locks its device's row first (batches of one device run one after the other, from any replica), then
/// shares the binding credential's row (a revocation committing meanwhile is waited for and seen), and appends its audit
/// entry last, as every writer does.</remarks>
public sealed partial class PostgresIdentityStore : IReadingStore
{
    private const string UpsertDevice = """
        INSERT INTO device_bindings (tenant_id, device_tag, credential_id, updated_at) VALUES (@tenant, @device, @credential, @at)
        ON CONFLICT (tenant_id, device_tag) DO UPDATE SET credential_id = excluded.credential_id, updated_at = excluded.updated_at
        RETURNING high_water
        """;

    private const string SelectDevice = "SELECT credential_id, high_water, updated_at FROM device_bindings WHERE tenant_id = @tenant AND device_tag = @device";

    private const string LockBindingStatus = "SELECT revoked, suspended FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential FOR SHARE";

    private const string SelectReadingDigests = "SELECT sequence, digest FROM readings WHERE tenant_id = @tenant AND device_tag = @device AND sequence = ANY(@seqs)";

    private const string InsertReadingBatch = """
        INSERT INTO reading_batches (tenant_id, batch_id, device_tag, subject_tag, provenance, log_seq, received_at)
        VALUES (@tenant, @batch, @device, @subject, @provenance, 0, @at)
        """;

    private const string InsertReading = """
        INSERT INTO readings (tenant_id, device_tag, sequence, subject_tag, code, effective, digest, batch_id, document)
        VALUES (@tenant, @device, @seq, @subject, @code, @effective, @digest, @batch, @document)
        """;

    private const string UpdateHighWater = "UPDATE device_bindings SET high_water = @high, updated_at = @at WHERE tenant_id = @tenant AND device_tag = @device";

    private const string SetBatchLogSequence = "UPDATE reading_batches SET log_seq = @log WHERE tenant_id = @tenant AND batch_id = @batch";

    private const string SelectReadings = """
        SELECT batch_id, sequence, code, effective, document FROM readings
        WHERE tenant_id = @tenant AND subject_tag = @subject AND effective >= @since AND (@code::text IS NULL OR code = @code::text)
        ORDER BY effective, device_tag, sequence LIMIT @limit
        """;

    private const string SelectReadingBatches = "SELECT batch_id, provenance, log_seq, received_at FROM reading_batches WHERE tenant_id = @tenant AND batch_id = ANY(@batches)";

    /// <inheritdoc />
    public async Task<Result<DeviceRecord>> BindDeviceAsync(string tenantId, string deviceTag, string credentialId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(deviceTag);
        ArgumentNullException.ThrowIfNull(credentialId);
        return await WriteAsync<DeviceRecord>(
            async session =>
            {
                if (await session.ScalarAsync(session.Command("SELECT 1 FROM tenants WHERE id = @id").With("@id", tenantId), cancellationToken).ConfigureAwait(false) is null)
                {
                    return NotFound($"There is no tenant '{tenantId}'.");
                }

                var high = (long)(await session.ScalarAsync(
                    session.Command(UpsertDevice).With("@tenant", tenantId).With("@device", deviceTag).With("@credential", credentialId).With("@at", at), cancellationToken).ConfigureAwait(false))!;
                return new DeviceRecord(tenantId, deviceTag, credentialId, high, at);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<DeviceRecord?> GetDeviceAsync(string tenantId, string deviceTag, CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadDeviceAsync(session, SelectDevice, tenantId, deviceTag, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<Result<ReadingCommit>> AppendReadingsAsync(ReadingBatch batch, Func<int, AuditEntry> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<ReadingCommit>(
            async session =>
            {
                var device = await ReadDeviceAsync(session, SelectDevice + " FOR UPDATE", batch.TenantId, batch.DeviceTag, cancellationToken).ConfigureAwait(false);
                if (device is null || device.CredentialId != batch.BindingCredentialId)
                {
                    return new Error(ErrorCodes.DeviceNotBound, "The device's binding changed while the batch was checked; send it again.");
                }

                await using (var status = session.Command(LockBindingStatus).With("@tenant", batch.TenantId).With("@credential", device.CredentialId))
                await using (var reader = await status.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.GetBoolean(0) || reader.GetBoolean(1))
                    {
                        return new Error(ErrorCodes.BindingRevoked, "The device's binding was revoked or suspended.");
                    }
                }

                var stored = await StoredDigestsAsync(session, batch, device.HighWater, cancellationToken).ConfigureAwait(false);
                var verdicts = ReadingDecisions.Decide(batch.Readings, device.HighWater, sequence => stored.GetValueOrDefault(sequence));
                var accepted = ReadingDecisions.Accepted(batch.Readings, verdicts);
                if (accepted.Count == 0)
                {
                    return new ReadingCommit(device.HighWater, device.HighWater, verdicts, null);
                }

                long high = accepted[^1].Sequence;
                await using (var writes = session.Batch())
                {
                    writes.BatchCommands.Add(Command(InsertReadingBatch, ("@tenant", batch.TenantId), ("@batch", batch.BatchId), ("@device", batch.DeviceTag),
                        ("@subject", batch.SubjectTag), ("@provenance", batch.Provenance), ("@at", batch.ReceivedAt.UtcTicks)));
                    foreach (var reading in accepted)
                    {
                        writes.BatchCommands.Add(Command(InsertReading, ("@tenant", batch.TenantId), ("@device", batch.DeviceTag), ("@seq", reading.Sequence),
                            ("@subject", batch.SubjectTag), ("@code", reading.Code), ("@effective", reading.Effective.UtcTicks), ("@digest", reading.Digest),
                            ("@batch", batch.BatchId), ("@document", reading.Document)));
                    }

                    writes.BatchCommands.Add(Command(UpdateHighWater, ("@tenant", batch.TenantId), ("@device", batch.DeviceTag), ("@high", high), ("@at", batch.ReceivedAt.UtcTicks)));
                    await writes.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                // The audit lock is taken last; the batch row updated after it is already this transaction's.
                long logSequence = await AppendAuditAsync(session, [audit(accepted.Count)], cancellationToken).ConfigureAwait(false);
                await session.ExecuteAsync(session.Command(SetBatchLogSequence).With("@log", logSequence).With("@tenant", batch.TenantId).With("@batch", batch.BatchId), cancellationToken).ConfigureAwait(false);
                return new ReadingCommit(device.HighWater, high, verdicts, logSequence);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public Task<IReadOnlyList<StoredReading>> FindReadingsAsync(
        string tenantId, string subjectTag, string? code, DateTimeOffset? since, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<StoredReading>>(
            async session =>
            {
                await using var command = session.Command(SelectReadings).With("@tenant", tenantId).With("@subject", subjectTag).With("@code", code)
                    .With("@since", (since ?? DateTimeOffset.MinValue).UtcTicks).With("@limit", limit);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var found = new List<StoredReading>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found.Add(new StoredReading(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInstant(3), reader.GetString(4)));
                }

                return found;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReadingBatch>> GetReadingBatchesAsync(string tenantId, IReadOnlyCollection<string> batchIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchIds);
        return ReadAsync<IReadOnlyList<StoredReadingBatch>>(
            async session =>
            {
                await using var command = session.Command(SelectReadingBatches).With("@tenant", tenantId).With("@batches", batchIds.ToArray());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var found = new List<StoredReadingBatch>(batchIds.Count);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found.Add(new StoredReadingBatch(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInstant(3)));
                }

                return found;
            },
            cancellationToken);
    }

    // The digests stored for the batch's sequence numbers at or below the mark (only those can be stored), in one query.
    private static async Task<Dictionary<long, string>> StoredDigestsAsync(PostgresSession session, ReadingBatch batch, long highWater, CancellationToken cancellationToken)
    {
        var wanted = batch.Readings.Select(r => r.Sequence).Where(s => s <= highWater).Distinct().ToArray();
        var stored = new Dictionary<long, string>(wanted.Length);
        if (wanted.Length == 0)
        {
            return stored;
        }

        await using var command = session.Command(SelectReadingDigests).With("@tenant", batch.TenantId).With("@device", batch.DeviceTag).With("@seqs", wanted);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            stored[reader.GetInt64(0)] = reader.GetString(1);
        }

        return stored;
    }

    private static async Task<DeviceRecord?> ReadDeviceAsync(PostgresSession session, string sql, string tenantId, string deviceTag, CancellationToken cancellationToken)
    {
        await using var command = session.Command(sql).With("@tenant", tenantId).With("@device", deviceTag);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DeviceRecord(tenantId, deviceTag, reader.GetString(0), reader.GetInt64(1), reader.GetInstant(2))
            : null;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
