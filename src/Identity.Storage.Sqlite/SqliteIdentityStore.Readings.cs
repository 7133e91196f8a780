using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>Remote patient monitoring: devices, their high-water marks and the readings they sign (docs/monitoring.md).</summary>
public sealed partial class SqliteIdentityStore : IReadingStore
{
    private const string UpsertDevice = """
        INSERT INTO device_bindings (tenant_id, device_tag, credential_id, updated_at) VALUES (@tenant, @device, @credential, @at)
        ON CONFLICT (tenant_id, device_tag) DO UPDATE SET credential_id = excluded.credential_id, updated_at = excluded.updated_at
        RETURNING high_water
        """;

    private const string SelectDevice = "SELECT credential_id, high_water, updated_at FROM device_bindings WHERE tenant_id = @tenant AND device_tag = @device";

    private const string SelectBindingStatus = "SELECT revoked, suspended FROM credentials WHERE tenant_id = @tenant AND credential_id = @credential";

    private const string SelectReadingDigest = "SELECT digest FROM readings WHERE tenant_id = @tenant AND device_tag = @device AND sequence = @seq";

    private const string InsertReadingBatch = """
        INSERT INTO reading_batches (tenant_id, batch_id, device_tag, subject_tag, provenance, log_seq, received_at)
        VALUES (@tenant, @batch, @device, @subject, @provenance, @log, @at)
        """;

    private const string InsertReading = """
        INSERT INTO readings (tenant_id, device_tag, sequence, subject_tag, code, effective, digest, batch_id, document)
        VALUES (@tenant, @device, @seq, @subject, @code, @effective, @digest, @batch, @document)
        """;

    private const string UpdateHighWater = "UPDATE device_bindings SET high_water = @high, updated_at = @at WHERE tenant_id = @tenant AND device_tag = @device";

    private const string SelectReadings = """
        SELECT batch_id, sequence, code, effective, document FROM readings
        WHERE tenant_id = @tenant AND subject_tag = @subject AND effective >= @since AND (@code IS NULL OR code = @code)
        ORDER BY effective, device_tag, sequence LIMIT @limit
        """;

    private const string SelectReadingBatch = "SELECT provenance, log_seq, received_at FROM reading_batches WHERE tenant_id = @tenant AND batch_id = @batch";

    /// <inheritdoc />
    public async Task<Result<DeviceRecord>> BindDeviceAsync(string tenantId, string deviceTag, string credentialId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(deviceTag);
        ArgumentNullException.ThrowIfNull(credentialId);
        return await WriteAsync<DeviceRecord>(
            session =>
            {
                if (session.Command("SELECT 1 FROM tenants WHERE id = @id").With("@id", tenantId).ExecuteScalar() is null)
                {
                    return NotFound($"There is no tenant '{tenantId}'.");
                }

                var high = (long)session.Command(UpsertDevice).With("@tenant", tenantId).With("@device", deviceTag).With("@credential", credentialId).With("@at", at).ExecuteScalar()!;
                return new DeviceRecord(tenantId, deviceTag, credentialId, high, at);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<DeviceRecord?> GetDeviceAsync(string tenantId, string deviceTag, CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadDevice(session, tenantId, deviceTag), snapshot: false, cancellationToken);

    /// <inheritdoc />
    public async Task<Result<ReadingCommit>> AppendReadingsAsync(ReadingBatch batch, Func<int, AuditEntry> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<ReadingCommit>(
            session =>
            {
                var device = ReadDevice(session, batch.TenantId, batch.DeviceTag);
                if (device is null || device.CredentialId != batch.BindingCredentialId)
                {
                    return new Error(ErrorCodes.DeviceNotBound, "The device's binding changed while the batch was checked; send it again.");
                }

                using (var status = session.Command(SelectBindingStatus).With("@tenant", batch.TenantId).With("@credential", device.CredentialId).ExecuteReader())
                {
                    if (!status.Read() || status.GetInt64(0) != 0 || status.GetInt64(1) != 0)
                    {
                        return new Error(ErrorCodes.BindingRevoked, "The device's binding was revoked or suspended.");
                    }
                }

                var verdicts = ReadingDecisions.Decide(batch.Readings, device.HighWater,
                    sequence => session.Command(SelectReadingDigest).With("@tenant", batch.TenantId).With("@device", batch.DeviceTag).With("@seq", sequence).ExecuteScalar() as string);
                var accepted = ReadingDecisions.Accepted(batch.Readings, verdicts);
                if (accepted.Count == 0)
                {
                    return new ReadingCommit(device.HighWater, device.HighWater, verdicts, null);
                }

                long logSequence = AppendAudit(session, audit(accepted.Count));
                session.Command(InsertReadingBatch).With("@tenant", batch.TenantId).With("@batch", batch.BatchId).With("@device", batch.DeviceTag)
                    .With("@subject", batch.SubjectTag).With("@provenance", batch.Provenance).With("@log", logSequence).With("@at", batch.ReceivedAt).ExecuteNonQuery();
                foreach (var reading in accepted)
                {
                    session.Command(InsertReading).With("@tenant", batch.TenantId).With("@device", batch.DeviceTag).With("@seq", reading.Sequence).With("@subject", batch.SubjectTag)
                        .With("@code", reading.Code).With("@effective", reading.Effective).With("@digest", reading.Digest).With("@batch", batch.BatchId)
                        .With("@document", reading.Document).ExecuteNonQuery();
                }

                long high = accepted[^1].Sequence;
                session.Command(UpdateHighWater).With("@tenant", batch.TenantId).With("@device", batch.DeviceTag).With("@high", high).With("@at", batch.ReceivedAt).ExecuteNonQuery();
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
            session =>
            {
                using var reader = session.Command(SelectReadings).With("@tenant", tenantId).With("@subject", subjectTag).With("@code", code)
                    .With("@since", since ?? DateTimeOffset.MinValue).With("@limit", limit).ExecuteReader();
                var found = new List<StoredReading>();
                while (reader.Read())
                {
                    found.Add(new StoredReading(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetInstant(3), reader.GetString(4)));
                }

                return found;
            },
            snapshot: false,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredReadingBatch>> GetReadingBatchesAsync(string tenantId, IReadOnlyCollection<string> batchIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchIds);
        return ReadAsync<IReadOnlyList<StoredReadingBatch>>(
            session =>
            {
                var found = new List<StoredReadingBatch>(batchIds.Count);
                foreach (var id in batchIds)
                {
                    using var reader = session.Command(SelectReadingBatch).With("@tenant", tenantId).With("@batch", id).ExecuteReader();
                    if (reader.Read())
                    {
                        found.Add(new StoredReadingBatch(id, reader.GetString(0), reader.GetInt64(1), reader.GetInstant(2)));
                    }
                }

                return found;
            },
            snapshot: true,
            cancellationToken);
    }

    private static DeviceRecord? ReadDevice(SqliteSession session, string tenantId, string deviceTag)
    {
        using var reader = session.Command(SelectDevice).With("@tenant", tenantId).With("@device", deviceTag).ExecuteReader();
        return reader.Read() ? new DeviceRecord(tenantId, deviceTag, reader.GetString(0), reader.GetInt64(1), reader.GetInstant(2)) : null;
    }
}
