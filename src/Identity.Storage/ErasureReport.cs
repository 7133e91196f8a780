namespace Identity.Storage;

/// <summary>
/// What <see cref="IIdentityStore.ErasePatientAsync"/> did: credentials revoked by the erasure (already revoked ones are
/// not counted), credentials whose documents were erased, biometric records deleted, and whether a patient DID was erased.
/// </summary>
public sealed record ErasureReport(int CredentialsRevoked, int CredentialsErased, int BiometricRecordsDeleted, bool PatientDidErased);
