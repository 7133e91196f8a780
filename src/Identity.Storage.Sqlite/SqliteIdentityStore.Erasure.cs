using Identity.Primitives;

namespace Identity.Storage.Sqlite;

/// <summary>Erasure of a patient (GDPR Art. 17) and the tenant's audit search by pseudonymised subject.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string SelectUnrevokedOfSubject =
        "SELECT DISTINCT rev_list FROM credentials WHERE tenant_id = @tenant AND subject_tag = @tag AND revoked = 0";

    private const string RevokeSubject = "UPDATE credentials SET revoked = 1 WHERE tenant_id = @tenant AND subject_tag = @tag AND revoked = 0";

    private const string DeleteSubjectBiometrics = """
        DELETE FROM biometric_records WHERE tenant_id = @tenant
            AND credential_id IN (SELECT credential_id FROM credentials WHERE tenant_id = @tenant AND subject_tag = @tag)
        """;

    // The patient's device readings and their batches go entirely (docs/monitoring.md); the log keeps only pseudonyms.
    private const string DeleteSubjectReadings = "DELETE FROM readings WHERE tenant_id = @tenant AND subject_tag = @tag";

    private const string DeleteSubjectReadingBatches = "DELETE FROM reading_batches WHERE tenant_id = @tenant AND subject_tag = @tag";

    // The row keeps its status positions (a list's set bits are its flagged rows), nothing else.
    private const string BlankSubjectCredentials = "UPDATE credentials SET document = '', subject_tag = NULL WHERE tenant_id = @tenant AND subject_tag = @tag";

    private const string ErasePatientKeys = """
        UPDATE patient_dids SET public_keys = '[]', deactivated_at = COALESCE(deactivated_at, @at), updated_at = @at
        WHERE tenant_id = @tenant AND patient_id = @patient AND public_keys <> '[]'
        """;

    private const string SelectAuditOfSubject = """
        SELECT seq, at, tenant_id, action, subject, outcome, prev_hash, hash
        FROM audit WHERE tenant_id = @tenant AND subject = @subject AND seq > @after ORDER BY seq LIMIT @limit
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="patientId"/> is null.</exception>
    public async Task<Result<ErasureReport>> ErasePatientAsync(
        string tenantId, string subjectTag, string? patientId, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(subjectTag);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<ErasureReport>(
            session =>
            {
                if (!TenantExists(session, tenantId))
                {
                    return NotFound($"The tenant '{tenantId}' does not exist.");
                }

                // Revocation first: the bits are set (and the lists' versions bumped) before any document goes.
                var lists = new List<string>();
                using (var reader = session.Command(SelectUnrevokedOfSubject).With("@tenant", tenantId).With("@tag", subjectTag).ExecuteReader())
                {
                    while (reader.Read())
                    {
                        lists.Add(reader.GetString(0));
                    }
                }

                int revoked = session.Command(RevokeSubject).With("@tenant", tenantId).With("@tag", subjectTag).ExecuteNonQuery();
                foreach (var list in lists)
                {
                    session.Command(BumpListVersion).With("@at", at).With("@tenant", tenantId).With("@list", list).ExecuteNonQuery();
                }

                int biometrics = session.Command(DeleteSubjectBiometrics).With("@tenant", tenantId).With("@tag", subjectTag).ExecuteNonQuery();
                session.Command(DeleteSubjectReadings).With("@tenant", tenantId).With("@tag", subjectTag).ExecuteNonQuery();
                session.Command(DeleteSubjectReadingBatches).With("@tenant", tenantId).With("@tag", subjectTag).ExecuteNonQuery();
                int erased = session.Command(BlankSubjectCredentials).With("@tenant", tenantId).With("@tag", subjectTag).ExecuteNonQuery();
                bool patient = patientId is not null
                    && session.Command(ErasePatientKeys).With("@at", at).With("@tenant", tenantId).With("@patient", patientId).ExecuteNonQuery() == 1;
                AppendAudit(session, audit);
                return new ErasureReport(revoked, erased, biometrics, patient);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not positive.</exception>
    public Task<IReadOnlyList<AuditRecord>> FindAuditAsync(
        string tenantId, string subject, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return ReadAsync<IReadOnlyList<AuditRecord>>(
            session => ReadAuditRecords(
                session.Command(SelectAuditOfSubject).With("@tenant", tenantId).With("@subject", subject).With("@after", afterSequence).With("@limit", limit),
                limit),
            snapshot: false,
            cancellationToken);
    }
}
