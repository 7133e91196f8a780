using System.Text.Json;
using Identity.Primitives;
using Npgsql;

namespace Identity.Storage.Postgres;

/// <summary>Patient DIDs registered by a tenant: their public keys, version and deactivation.</summary>
public sealed partial class PostgresIdentityStore
{
    private const string PatientsPrimaryKey = "patient_dids_pkey";
    private const string PatientColumns = "tenant_id, patient_id, public_keys, version, created_at, updated_at, deactivated_at";
    private const string InsertPatient = $"INSERT INTO patient_dids ({PatientColumns}) VALUES (@tenant, @patient, @keys, @version, @created, @updated, @deactivated)";
    private const string SelectPatient = $"SELECT {PatientColumns} FROM patient_dids WHERE tenant_id = @tenant AND patient_id = @patient";
    private const string SelectPatientForUpdate = SelectPatient + " FOR UPDATE";

    // Compare-and-set on version: of two concurrent updates from one version, the second matches no row.
    private const string UpdatePatientKeys = $"""
        UPDATE patient_dids SET public_keys = @keys, version = version + 1, updated_at = @updated
        WHERE tenant_id = @tenant AND patient_id = @patient AND version = @expected RETURNING {PatientColumns}
        """;

    private const string DeactivatePatient = """
        UPDATE patient_dids SET deactivated_at = @at, updated_at = @at WHERE tenant_id = @tenant AND patient_id = @patient AND deactivated_at IS NULL
        """;

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The record has no keys or a version other than 1.</exception>
    public async Task<Result<PatientDidRecord>> CreatePatientDidAsync(PatientDidRecord patient, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(audit);
        if (patient.PublicKeys.IsDefaultOrEmpty || patient.Version != 1)
        {
            throw new ArgumentException("A new patient DID has at least one key and version 1.", nameof(patient));
        }

        return await WriteAsync<PatientDidRecord>(
            async session =>
            {
                if (!await TenantExistsAsync(session, patient.TenantId, cancellationToken).ConfigureAwait(false))
                {
                    return NotFound($"The tenant '{patient.TenantId}' does not exist.");
                }

                try
                {
                    await session.ExecuteAsync(
                        session.Command(InsertPatient)
                            .With("@tenant", patient.TenantId)
                            .With("@patient", patient.PatientId)
                            .With("@keys", JsonSerializer.Serialize(patient.PublicKeys.ToArray()))
                            .With("@version", patient.Version)
                            .With("@created", patient.CreatedAt)
                            .With("@updated", patient.UpdatedAt)
                            .With("@deactivated", patient.DeactivatedAt),
                        cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.IsUniqueViolation(PatientsPrimaryKey))
                {
                    return Result<PatientDidRecord>.Failure(ErrorCodes.PatientExists, $"The tenant already has a patient '{patient.PatientId}'.");
                }

                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
                return patient with { CreatedAt = patient.CreatedAt.Utc(), UpdatedAt = patient.UpdatedAt.Utc(), DeactivatedAt = patient.DeactivatedAt.Utc() };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<PatientDidRecord?> GetPatientDidAsync(string tenantId, string patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(patientId);
        return ReadAsync(session => FindPatientAsync(session, SelectPatient, tenantId, patientId, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="publicKeys"/> is empty.</exception>
    public async Task<Result<PatientDidRecord>> UpdatePatientDidKeysAsync(
        string tenantId, string patientId, long expectedVersion, IReadOnlyList<string> publicKeys, DateTimeOffset at, AuditEntry audit,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(patientId);
        ArgumentNullException.ThrowIfNull(publicKeys);
        ArgumentNullException.ThrowIfNull(audit);
        if (publicKeys.Count == 0)
        {
            throw new ArgumentException("A patient DID keeps at least one key.", nameof(publicKeys));
        }

        return await WriteAsync<PatientDidRecord>(
            async session =>
            {
                if (await FindPatientAsync(session, SelectPatientForUpdate, tenantId, patientId, cancellationToken).ConfigureAwait(false) is not { } current)
                {
                    return NotFound($"The tenant has no patient '{patientId}'.");
                }

                if (current.IsDeactivated)
                {
                    return Result<PatientDidRecord>.Failure(ErrorCodes.DidDeactivated, "The patient's DID is deactivated.");
                }

                PatientDidRecord? updated = null;
                await using (var command = session.Command(UpdatePatientKeys)
                    .With("@keys", JsonSerializer.Serialize(publicKeys))
                    .With("@updated", at)
                    .With("@tenant", tenantId)
                    .With("@patient", patientId)
                    .With("@expected", expectedVersion))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        updated = ReadPatient(reader);
                    }
                }

                if (updated is null)
                {
                    return Result<PatientDidRecord>.Failure(ErrorCodes.VersionConflict, $"The document is at version {current.Version}, not {expectedVersion}.");
                }

                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
                return updated;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public async Task<Result<PatientDidRecord>> DeactivatePatientDidAsync(
        string tenantId, string patientId, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(patientId);
        ArgumentNullException.ThrowIfNull(audit);
        return await WriteAsync<PatientDidRecord>(
            async session =>
            {
                if (await FindPatientAsync(session, SelectPatientForUpdate, tenantId, patientId, cancellationToken).ConfigureAwait(false) is null)
                {
                    return NotFound($"The tenant has no patient '{patientId}'.");
                }

                await session.ExecuteAsync(
                    session.Command(DeactivatePatient).With("@at", at).With("@tenant", tenantId).With("@patient", patientId), cancellationToken).ConfigureAwait(false);
                await AppendAuditAsync(session, [audit], cancellationToken).ConfigureAwait(false);
                return (await FindPatientAsync(session, SelectPatient, tenantId, patientId, cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PatientDidRecord?> FindPatientAsync(
        PostgresSession session, string sql, string tenantId, string patientId, CancellationToken cancellationToken)
    {
        await using var command = session.Command(sql).With("@tenant", tenantId).With("@patient", patientId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadPatient(reader) : null;
    }

    private static PatientDidRecord ReadPatient(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        [.. JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? []],
        reader.GetInt64(3),
        reader.GetInstant(4),
        reader.GetInstant(5),
        reader.GetNullableInstant(6));
}
