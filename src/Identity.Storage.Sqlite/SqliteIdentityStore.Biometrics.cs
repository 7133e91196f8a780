using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>Protected biometric records and wrapped per-tenant secrets.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectSecret = "SELECT wrapped FROM tenant_secrets WHERE tenant_id = @tenant AND name = @name";
    private const string InsertSecret = "INSERT INTO tenant_secrets (tenant_id, name, wrapped, created_at) VALUES (@tenant, @name, @wrapped, @at)";

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
            session =>
            {
                if (!TenantExists(session, tenantId))
                {
                    return NotFound($"The tenant '{tenantId}' does not exist.");
                }

                if (session.Command(SelectSecret).With("@tenant", tenantId).With("@name", name).ExecuteScalar() is byte[] existing)
                {
                    return existing;
                }

                session.Command(InsertSecret).With("@tenant", tenantId).With("@name", name).With("@wrapped", wrappedCandidate).With("@at", at).ExecuteNonQuery();
                return wrappedCandidate;
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
        return await IssueAsync(
            record.TenantId, record.CredentialId, listSize, sign, audit, subjectTag, s => s.Command(InsertBiometricRecord)
                .With("@tenant", record.TenantId)
                .With("@record", record.RecordId)
                .With("@credential", record.CredentialId)
                .With("@bytes", record.Record)
                .With("@at", record.CreatedAt)
                .ExecuteNonQuery(),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<StoredBiometricRecord?> GetBiometricRecordAsync(string tenantId, string recordId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(recordId);
        return ReadAsync<StoredBiometricRecord?>(
            session =>
            {
                using var reader = session.Command(SelectBiometricRecord).With("@tenant", tenantId).With("@record", recordId).ExecuteReader();
                return reader.Read()
                    ? new StoredBiometricRecord(tenantId, recordId, reader.GetString(0), reader.GetBytes(1), reader.GetInstant(2))
                    : null;
            },
            snapshot: false,
            cancellationToken);
    }
}
