using Identity.Primitives;

namespace Identity.Storage.Postgres;

/// <summary>Protected biometric records and wrapped per-tenant secrets.</summary>
public sealed partial class PostgresIdentityStore
{
    // ON CONFLICT DO NOTHING, then read: of replicas racing to create the pepper, the first insert wins and all read it.
    private const string InsertSecret = """
        INSERT INTO tenant_secrets (tenant_id, name, wrapped, created_at) VALUES (@tenant, @name, @wrapped, @at)
        ON CONFLICT (tenant_id, name) DO NOTHING
        """;

    private const string SelectSecret = "SELECT wrapped FROM tenant_secrets WHERE tenant_id = @tenant AND name = @name";

    private const string InsertBiometricRecord = """
        INSERT INTO biometric_records (tenant_id, record_id, credential_id, record, created_at)
        VALUES (@tenant, @record, @credential, @bytes, @at)
        """;

    private const string SelectBiometricRecord = """
        SELECT credential_id, record, created_at FROM biometric_records WHERE tenant_id = @tenant AND record_id = @record
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<Result<byte[]>> GetOrAddTenantSecretAsync(
        string tenantId, string name, byte[] wrappedCandidate, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(wrappedCandidate);
        return await WriteAsync<byte[]>(
            async session =>
            {
                if (!await TenantExistsAsync(session, tenantId, cancellationToken).ConfigureAwait(false))
                {
                    return NotFound($"The tenant '{tenantId}' does not exist.");
                }

                await session.ExecuteAsync(
                    session.Command(InsertSecret).With("@tenant", tenantId).With("@name", name).With("@wrapped", wrappedCandidate).With("@at", at),
                    cancellationToken).ConfigureAwait(false);
                return (byte[])(await session.ScalarAsync(session.Command(SelectSecret).With("@tenant", tenantId).With("@name", name), cancellationToken)
                    .ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="listSize"/> is not positive.</exception>
    public async Task<Result<CredentialRecord>> EnrollBiometricAsync(
        StoredBiometricRecord record, int listSize, Func<StatusAllocation, Result<string>> sign, AuditEntry audit, string? subjectTag = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(listSize);
        ArgumentNullException.ThrowIfNull(sign);
        ArgumentNullException.ThrowIfNull(audit);
        // Signed outside the write transaction, as every issuance (IssuanceFlow); the record commits with the credential or not at all.
        return await IssueAsync(
            record.TenantId, record.CredentialId, listSize, sign, audit, subjectTag,
            s => s.ExecuteAsync(
                s.Command(InsertBiometricRecord)
                    .With("@tenant", record.TenantId)
                    .With("@record", record.RecordId)
                    .With("@credential", record.CredentialId)
                    .With("@bytes", record.Record)
                    .With("@at", record.CreatedAt),
                CancellationToken.None),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<StoredBiometricRecord?> GetBiometricRecordAsync(string tenantId, string recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(recordId);
        return ReadAsync<StoredBiometricRecord?>(
            async session =>
            {
                await using var command = session.Command(SelectBiometricRecord).With("@tenant", tenantId).With("@record", recordId);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new StoredBiometricRecord(tenantId, recordId, reader.GetString(0), reader.GetBytes(1), reader.GetInstant(2))
                    : null;
            },
            cancellationToken);
    }
}
