using System.Text.Json;
using Identity.Primitives;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Sqlite;

/// <summary>Patient DIDs registered by a tenant: their public keys, version and deactivation.</summary>
public sealed partial class SqliteIdentityStore
{
    private const string PatientColumns = "tenant_id, patient_id, public_keys, version, created_at, updated_at, deactivated_at";
    private const string InsertPatient = $"INSERT INTO patient_dids ({PatientColumns}) VALUES (@tenant, @patient, @keys, @version, @created, @updated, @deactivated)";
    private const string SelectPatient = $"SELECT {PatientColumns} FROM patient_dids WHERE tenant_id = @tenant AND patient_id = @patient";
    private const string UpdatePatientKeys = "UPDATE patient_dids SET public_keys = @keys, version = version + 1, updated_at = @updated WHERE tenant_id = @tenant AND patient_id = @patient AND version = @expected";
    private const string DeactivatePatient = "UPDATE patient_dids SET deactivated_at = @at, updated_at = @at WHERE tenant_id = @tenant AND patient_id = @patient AND deactivated_at IS NULL";

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
            session =>
            {
                if (!TenantExists(session, patient.TenantId))
                {
                    return NotFound($"The tenant '{patient.TenantId}' does not exist.");
                }

                if (FindPatient(session, patient.TenantId, patient.PatientId) is not null)
                {
                    return Result<PatientDidRecord>.Failure(ErrorCodes.PatientExists, $"The tenant already has a patient '{patient.PatientId}'.");
                }

                session.Command(InsertPatient)
                    .With("@tenant", patient.TenantId)
                    .With("@patient", patient.PatientId)
                    .With("@keys", JsonSerializer.Serialize(patient.PublicKeys.ToArray()))
                    .With("@version", patient.Version)
                    .With("@created", patient.CreatedAt)
                    .With("@updated", patient.UpdatedAt)
                    .With("@deactivated", patient.DeactivatedAt)
                    .ExecuteNonQuery();
                AppendAudit(session, audit);
                return patient with { CreatedAt = patient.CreatedAt.Utc(), UpdatedAt = patient.UpdatedAt.Utc(), DeactivatedAt = patient.DeactivatedAt.Utc() };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<PatientDidRecord?> GetPatientDidAsync(string tenantId, string patientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(patientId);
        return ReadAsync(session => FindPatient(session, tenantId, patientId), snapshot: false, cancellationToken);
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
            session =>
            {
                if (FindPatient(session, tenantId, patientId) is not { } current)
                {
                    return NotFound($"The tenant has no patient '{patientId}'.");
                }

                if (current.IsDeactivated)
                {
                    return Result<PatientDidRecord>.Failure(ErrorCodes.DidDeactivated, "The patient's DID is deactivated.");
                }

                int changed = session.Command(UpdatePatientKeys)
                    .With("@keys", JsonSerializer.Serialize(publicKeys))
                    .With("@updated", at)
                    .With("@tenant", tenantId)
                    .With("@patient", patientId)
                    .With("@expected", expectedVersion)
                    .ExecuteNonQuery();
                if (changed == 0)
                {
                    return Result<PatientDidRecord>.Failure(ErrorCodes.VersionConflict,
                        $"The document is at version {current.Version}, not {expectedVersion}.");
                }

                AppendAudit(session, audit);
                return FindPatient(session, tenantId, patientId)!;
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
            session =>
            {
                if (FindPatient(session, tenantId, patientId) is null)
                {
                    return NotFound($"The tenant has no patient '{patientId}'.");
                }

                session.Command(DeactivatePatient).With("@at", at).With("@tenant", tenantId).With("@patient", patientId).ExecuteNonQuery();
                AppendAudit(session, audit);
                return FindPatient(session, tenantId, patientId)!;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static PatientDidRecord? FindPatient(SqliteSession session, string tenantId, string patientId)
    {
        using var reader = session.Command(SelectPatient).With("@tenant", tenantId).With("@patient", patientId).ExecuteReader();
        return reader.Read() ? ReadPatient(reader) : null;
    }

    private static PatientDidRecord ReadPatient(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        [.. JsonSerializer.Deserialize<string[]>(reader.GetString(2)) ?? []],
        reader.GetInt64(3),
        reader.GetInstant(4),
        reader.GetInstant(5),
        reader.GetNullableInstant(6));
}
