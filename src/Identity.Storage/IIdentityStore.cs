using Identity.Primitives;

namespace Identity.Storage;

/// <summary>
/// The storage port of the service. Adapters (SQLite now, PostgreSQL later) implement it; nothing above it knows
/// which engine runs. Every method that changes state is one transaction: it either happens entirely, with its audit
/// entry, or not at all.
/// </summary>
/// <remarks>
/// Expected outcomes (a duplicate id, an unknown credential) are values; engine failures are exceptions.
/// <threadsafety>Implementations are thread-safe and safe to share between concurrent requests and between
/// several processes on one database.</threadsafety>
/// </remarks>
public interface IIdentityStore
{
    /// <summary>Creates or upgrades the schema to the newest version; safe to call from several processes at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>The schema version the database is at (after <see cref="MigrateAsync"/>).</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);

    // ---- tenants, keys, API keys ----

    /// <summary>
    /// Creates a tenant with its first signing key and first API key, atomically.
    /// </summary>
    /// <returns>Success, or <c>tenantExists</c> when the id is taken.</returns>
    Task<Result<TenantRecord>> CreateTenantAsync(
        TenantRecord tenant, TenantKeyRecord firstKey, ApiKeyRecord firstApiKey, AuditEntry audit, CancellationToken cancellationToken = default);

    Task<TenantRecord?> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken = default);

    /// <summary>Every key of the tenant, retired ones included, oldest first.</summary>
    Task<IReadOnlyList<TenantKeyRecord>> GetTenantKeysAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Adds a key (it becomes the newest, so issuance uses it). <c>notFound</c> for an unknown tenant,
    /// <c>keyExists</c> when the tenant already has a key with that id.</summary>
    Task<Result<TenantKeyRecord>> AddTenantKeyAsync(TenantKeyRecord key, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a key retired (it leaves the DID document and never signs again). The check that another key stays active
    /// and the retirement are one serialized step: of any number of concurrent retirements, from any process, those that
    /// would leave the tenant without an active key fail, so a tenant always keeps at least one.
    /// </summary>
    /// <returns>The retired key (a key already retired is returned unchanged); <c>notFound</c> for an unknown tenant or
    /// key; <c>lastActiveKey</c> when it is the tenant's only active key.</returns>
    Task<Result<TenantKeyRecord>> RetireTenantKeyAsync(
        string tenantId, string keyId, DateTimeOffset retiredAt, AuditEntry audit, CancellationToken cancellationToken = default);

    Task AddApiKeyAsync(ApiKeyRecord apiKey, CancellationToken cancellationToken = default);

    /// <summary>Adds an API key of an existing tenant with its audit entry, in one transaction.</summary>
    /// <returns>The stored key; <c>notFound</c> for an unknown tenant.</returns>
    Task<Result<ApiKeyRecord>> CreateApiKeyAsync(ApiKeyRecord apiKey, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The API key with this public id, or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string apiKeyId, CancellationToken cancellationToken = default);

    /// <summary>Every API key of the tenant, revoked and expired ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Revokes one API key of the tenant; revoking twice succeeds and keeps the first instant.</summary>
    /// <returns>The key; <c>notFound</c> when the tenant has no API key with that id.</returns>
    Task<Result<ApiKeyRecord>> RevokeApiKeyAsync(
        string tenantId, string apiKeyId, DateTimeOffset revokedAt, AuditEntry audit, CancellationToken cancellationToken = default);

    // ---- credentials and status lists ----

    /// <summary>
    /// Issues one credential in one transaction: assigns it a fresh random index in the tenant's current revocation
    /// list and in its current suspension list (opening new lists of <paramref name="listSize"/> entries when the
    /// current one is full; an index is never assigned twice in a list), calls <paramref name="sign"/> with those
    /// entries to obtain the final signed document, stores the document with its status entries, appends the audit
    /// entry and commits. When <paramref name="sign"/> fails, nothing is written and its error is returned. A store may
    /// call <paramref name="sign"/> before its write transaction, on entries it then checks are still free, and call it
    /// again inside the transaction when they are not; the document stored is always the one signed on the entries
    /// stored with it.
    /// The optional <c>subjectTag</c> is the tenant's pseudonym of the credential's subject (a keyed hash, never the DID),
    /// kept in clear so that <see cref="ErasePatientAsync"/> finds the patient's credentials; null when it has none.
    /// </summary>
    /// <returns>The stored credential; <c>credentialExists</c> when the tenant already has a credential with that id;
    /// <c>notFound</c> for an unknown tenant; or the signer's error.</returns>
    Task<Result<CredentialRecord>> IssueCredentialAsync(
        string tenantId,
        string credentialId,
        int listSize,
        Func<StatusAllocation, Result<string>> sign,
        AuditEntry audit,
        string? subjectTag = null,
        CancellationToken cancellationToken = default);

    Task<CredentialRecord?> GetCredentialAsync(string tenantId, string credentialId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's credentials, most recently issued first, at most <paramref name="limit"/> of them (the console's list).</summary>
    Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string tenantId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets (<paramref name="value"/> true) or clears one status bit of a credential and bumps the list's version.
    /// Concurrent changes to different credentials of one list never lose each other.
    /// </summary>
    /// <returns>The new state; <c>notFound</c> when the tenant has no such credential.</returns>
    Task<Result<StatusChange>> SetCredentialStatusAsync(
        string tenantId, string credentialId, StatusPurpose purpose, bool value, DateTimeOffset at, AuditEntry audit,
        CancellationToken cancellationToken = default);

    /// <summary>A status list with the indexes whose bit is set, or null when the tenant has no such list.</summary>
    Task<StatusListSnapshot?> GetStatusListAsync(string tenantId, string listId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The Token Status List view of a revocation list: the list's size and, by revocation index, the credentials
    /// revoked and those suspended but not revoked. Null when the tenant has no such list or it is a suspension list.
    /// </summary>
    Task<TokenStatusListSnapshot?> GetTokenStatusListAsync(string tenantId, string listId, CancellationToken cancellationToken = default);

    // ---- challenges ----

    Task AddChallengeAsync(ChallengeRecord challenge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Consumes a challenge: succeeds once for a challenge this service issued that has not expired at
    /// <paramref name="now"/>; every later attempt (from any process) sees <see cref="ChallengeState.AlreadyUsed"/>.
    /// </summary>
    Task<ChallengeConsumption> ConsumeChallengeAsync(string challenge, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Adds a challenge unless one with its value exists (e.g. a DPoP <c>jti</c> seen before); true when added.</summary>
    Task<bool> TryAddChallengeAsync(ChallengeRecord challenge, CancellationToken cancellationToken = default);

    /// <summary>The challenge when it is unconsumed and unexpired at <paramref name="now"/> (with its payload), else null; consumes nothing.</summary>
    Task<ChallengeRecord?> FindChallengeAsync(string challenge, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one attempt against a live challenge (e.g. one transaction-code guess), atomically across processes, before
    /// the attempt is judged: of any number of racing attempts at most <paramref name="limit"/> are ever counted.
    /// </summary>
    /// <returns>The attempts counted now (1 to <paramref name="limit"/>); null when the challenge is unknown, consumed,
    /// expired, or has used up its <paramref name="limit"/>.</returns>
    Task<int?> BeginChallengeAttemptAsync(string challenge, int limit, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Deletes challenges that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteExpiredChallengesAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    // ---- OpenID4VP requests (docs/oid4vc.md) ----

    /// <summary>Stores a new pending OpenID4VP request. <c>notFound</c> for an unknown tenant.</summary>
    Task<Result<PresentationRequestRecord>> AddPresentationRequestAsync(PresentationRequestRecord request, CancellationToken cancellationToken = default);

    /// <summary>The request with this id (of any tenant), or null.</summary>
    Task<PresentationRequestRecord?> GetPresentationRequestAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a pending request for one wallet response: succeeds once, for a pending request that has not expired at
    /// <paramref name="now"/>, and moves it to <see cref="PresentationRequestStatus.Processing"/>; every later claim
    /// (from any process) sees <see cref="PresentationRequestClaim.Finished"/>.
    /// </summary>
    Task<PresentationRequestClaim> ClaimPresentationRequestAsync(string id, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records the final outcome of a claimed request (verified or failed) with its sealed result.</summary>
    Task FinishPresentationRequestAsync(
        string id, PresentationRequestStatus status, string result, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes the presentation requests that expired before <paramref name="before"/>, whatever their status; how many.</summary>
    Task<int> DeleteExpiredPresentationRequestsAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>The tenant's named secret as stored (wrapped), or null when it has none; never creates one.</summary>
    Task<byte[]?> FindTenantSecretAsync(string tenantId, string name, CancellationToken cancellationToken = default);

    // ---- biometric records (biometrics.md) ----

    /// <summary>
    /// Returns the tenant's named secret (e.g. the biometric pepper), stored wrapped by the master key. When the tenant
    /// has none yet, stores <paramref name="wrappedCandidate"/> and returns it; when another writer got there first, returns
    /// theirs, so every replica ends up with the same secret.
    /// </summary>
    /// <returns>The stored wrapped secret; <c>notFound</c> for an unknown tenant.</returns>
    Task<Result<byte[]>> GetOrAddTenantSecretAsync(string tenantId, string name, byte[] wrappedCandidate, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enrols a protected biometric record and issues the credential that binds it, in one transaction: the record, the
    /// credential (as <see cref="IssueCredentialAsync"/>, with <see cref="StoredBiometricRecord.CredentialId"/> as its id)
    /// and the audit entry are written together or not at all.
    /// </summary>
    /// <returns>The stored credential; <c>credentialExists</c> or <c>notFound</c> as for issuance; or the signer's error.</returns>
    Task<Result<CredentialRecord>> EnrollBiometricAsync(
        StoredBiometricRecord record,
        int listSize,
        Func<StatusAllocation, Result<string>> sign,
        AuditEntry audit,
        string? subjectTag = null,
        CancellationToken cancellationToken = default);

    /// <summary>A tenant's stored biometric record, or null when it has none with that id.</summary>
    Task<StoredBiometricRecord?> GetBiometricRecordAsync(string tenantId, string recordId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves one match attempt against a biometric record, atomically across processes. The attempt counts as failed
    /// until <see cref="ResetBiometricAttemptsAsync"/> clears the count after a match. At most <paramref name="limit"/>
    /// attempts are counted within <paramref name="window"/> of the first one; further attempts are refused (the record
    /// is locked) until that window ends, when counting starts again.
    /// </summary>
    /// <returns>Whether the attempt may run, how many attempts the window now counts, and until when a locked record stays locked.</returns>
    Task<BiometricAttempt> BeginBiometricAttemptAsync(
        string tenantId, string recordId, DateTimeOffset now, TimeSpan window, int limit, CancellationToken cancellationToken = default);

    /// <summary>Clears a record's counted attempts (after a successful match).</summary>
    Task ResetBiometricAttemptsAsync(string tenantId, string recordId, CancellationToken cancellationToken = default);
    // ---- patient DIDs ----

    /// <summary>Registers a patient's did:web under a tenant at version 1.</summary>
    /// <returns>The stored record; <c>notFound</c> for an unknown tenant; <c>patientExists</c> when the tenant already
    /// has a patient with that id (deactivated ones included: ids are never reused).</returns>
    Task<Result<PatientDidRecord>> CreatePatientDidAsync(PatientDidRecord patient, AuditEntry audit, CancellationToken cancellationToken = default);

    /// <summary>The patient DID record (deactivated ones included), or null.</summary>
    Task<PatientDidRecord?> GetPatientDidAsync(string tenantId, string patientId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the patient's keys when the stored version is still <paramref name="expectedVersion"/>, and bumps the
    /// version by one (compare-and-set: of two concurrent updates from the same version, exactly one succeeds).
    /// </summary>
    /// <returns>The new record; <c>notFound</c>; <c>didDeactivated</c>; or <c>versionConflict</c> when the stored
    /// version is not <paramref name="expectedVersion"/>.</returns>
    Task<Result<PatientDidRecord>> UpdatePatientDidKeysAsync(
        string tenantId, string patientId, long expectedVersion, IReadOnlyList<string> publicKeys, DateTimeOffset at, AuditEntry audit,
        CancellationToken cancellationToken = default);

    /// <summary>Deactivates the patient's DID for good (its document is no longer served); deactivating twice succeeds
    /// and keeps the first instant.</summary>
    /// <returns>The record; <c>notFound</c> when the tenant has no such patient.</returns>
    Task<Result<PatientDidRecord>> DeactivatePatientDidAsync(
        string tenantId, string patientId, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken = default);

    // ---- erasure (GDPR Art. 17) ----

    /// <summary>
    /// Erases a patient in one transaction: first revokes every credential whose subject tag is <paramref name="subjectTag"/>
    /// (their status bits stay set, so the rows stay with their status positions), then blanks their documents and tags,
    /// deletes the biometric records they bind, and, when <paramref name="patientId"/> names a patient DID of the tenant,
    /// deactivates it and deletes its keys. Erasing twice succeeds and finds nothing the second time.
    /// </summary>
    /// <returns>What was revoked and erased; <c>notFound</c> for an unknown tenant.</returns>
    Task<Result<ErasureReport>> ErasePatientAsync(
        string tenantId, string subjectTag, string? patientId, DateTimeOffset at, AuditEntry audit, CancellationToken cancellationToken = default);

    // ---- audit ----

    /// <summary>Appends entries to the log in order, in one transaction, with the tree nodes they complete (see <see cref="AuditLog"/>).</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Reads the log in sequence order, starting after <paramref name="afterSequence"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>A tenant's entries about one (pseudonymised) subject, in sequence order after <paramref name="afterSequence"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> FindAuditAsync(
        string tenantId, string subject, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>The number of leaves in the log's Merkle tree (equal to the number of audit entries).</summary>
    Task<long> GetLogSizeAsync(CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> consecutive stored complete-subtree hashes at <paramref name="level"/>
    /// from <paramref name="fromIndex"/>, stopping at the first that does not exist.</summary>
    Task<IReadOnlyList<byte[]>> ReadLogNodesAsync(int level, long fromIndex, int count, CancellationToken cancellationToken = default);

    /// <summary>The stored hashes of the given complete subtrees; those not stored are absent from the result.</summary>
    Task<IReadOnlyDictionary<Identity.Primitives.TransparencyLog.MerkleNode, byte[]>> ReadLogNodesAsync(
        IReadOnlyCollection<Identity.Primitives.TransparencyLog.MerkleNode> nodes, CancellationToken cancellationToken = default);
}
