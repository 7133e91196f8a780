// References: W3C Bitstring Status List v1.0 §2.2 BitstringStatusListCredential, §3 Algorithms,
//   https://www.w3.org/TR/vc-bitstring-status-list/
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Status;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Status;

/// <summary>
/// Changes credential status and serves each tenant's status lists as signed BitstringStatusListCredentials. A signed
/// list is cached per list version, so a change produces a new signature at the next read and unchanged lists are
/// not re-signed. Local verifications read the bits through <see cref="GetListAsync"/>, which this process refreshes
/// on every change and otherwise at most <see cref="LocalListDuration"/> old (other replicas' changes).
/// </summary>
internal sealed partial class StatusListService(
    IIdentityStore store, TenantDirectory directory, DataIntegrityProofService proofs, StatusUrls urls, TimeProvider time, Audit.SubjectPseudonyms pseudonyms)
{
    public static readonly TimeSpan LocalListDuration = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SignedListDuration = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string Tenant, string List), SignedList> _signed = new();
    private readonly ConcurrentDictionary<(string Tenant, string List), LocalList> _local = new();

    public sealed record SignedList(long Version, DateTimeOffset SignedAt, string Json, string KeyId);

    public sealed record LocalList(StatusListSnapshot Snapshot, BitstringStatusList Bits, DateTimeOffset LoadedAt);

    public async Task<Result<StatusChange>> SetStatusAsync(
        string tenantId, string credentialId, StatusPurpose purpose, bool value, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var action = purpose == StatusPurpose.Revocation ? "credential.revocation" : "credential.suspension";
        var subject = await pseudonyms.ForAuditAsync(tenantId, credentialId, cancellationToken).ConfigureAwait(false);
        var change = await store.SetCredentialStatusAsync(
            tenantId, credentialId, purpose, value, now, new AuditEntry(now, tenantId, action, subject, value ? "set" : "cleared"), cancellationToken).ConfigureAwait(false);
        if (change.IsSuccess)
        {
            _local.TryRemove((tenantId, change.Value.ListId), out _);
            ForgetTokenLists(tenantId);
        }

        return change;
    }

    /// <summary>Drops this process's cached bits of a tenant's lists after a change to many of them at once (an erasure).</summary>
    public void ForgetTenantLists(string tenantId)
    {
        foreach (var key in _local.Keys.Where(k => k.Tenant == tenantId))
        {
            _local.TryRemove(key, out _);
        }

        ForgetTokenLists(tenantId);
    }

    /// <summary>The list's bits for a local status check, or null when the tenant has no such list.</summary>
    public async Task<LocalList?> GetListAsync(string tenantId, string listId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_local.TryGetValue((tenantId, listId), out var cached) && now - cached.LoadedAt < LocalListDuration)
        {
            return cached;
        }

        var snapshot = await store.GetStatusListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return null;
        }

        var loaded = new LocalList(snapshot, BitstringStatusList.Create(snapshot.Size, snapshot.SetIndexes), now);
        _local[(tenantId, listId)] = loaded;
        return loaded;
    }

    /// <summary>The signed list credential (JSON text) and its version; notFound for an unknown tenant or list.</summary>
    public async Task<Result<SignedList>> GetSignedListAsync(string tenantId, string listId, CancellationToken cancellationToken)
    {
        var list = await GetListAsync(tenantId, listId, cancellationToken).ConfigureAwait(false);
        if (list is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no status list '{listId}'.");
        }

        var keys = await directory.GetKeysAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var key = keys?.SigningKeyFor(keys.DidWeb, _ => true);
        if (keys is null || key is null)
        {
            return new Error(ErrorCodes.NotFound, $"Tenant '{tenantId}' has no active key to sign its status list.");
        }

        // A list signed by a key retired since (on any replica) is signed again by the current key.
        var now = time.GetUtcNow();
        if (_signed.TryGetValue((tenantId, listId), out var cached) && cached.Version == list.Snapshot.Version && cached.KeyId == key.KeyId
            && now - cached.SignedAt < SignedListDuration)
        {
            return cached;
        }

        var url = urls.ListUrl(tenantId, listId);
        var purpose = list.Snapshot.Purpose == StatusPurpose.Revocation ? "revocation" : "suspension";
        var document = BitstringStatusListCredential.Build(url, keys.DidWeb, purpose, list.Bits, now, null);
        var suite = key.PrivateKey.KeyType == KeyType.Ed25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019";
        var signed = proofs.AddProof(document, suite, new ProofOptions
        {
            VerificationMethod = key.VerificationMethod,
            ProofPurpose = "assertionMethod",
            Created = now,
        }, key.PrivateKey);
        if (!signed.IsSuccess)
        {
            return signed.Error!;
        }

        var result = new SignedList(list.Snapshot.Version, now, signed.Value.ToJsonString(), key.KeyId);
        _signed[(tenantId, listId)] = result;
        return result;
    }
}
