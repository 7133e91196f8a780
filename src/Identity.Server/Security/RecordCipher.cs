// References: NIST SP 800-38D (AES-GCM, 96-bit random nonces, 128-bit tags), https://csrc.nist.gov/pubs/sp/800/38/d/final
using Identity.Primitives;

namespace Identity.Server.Security;

/// <summary>
/// Envelope encryption of records that hold health data (stored credentials, biometric records): each tenant has its
/// own 256-bit data key (a <see cref="TenantSecrets"/> secret, wrapped by <see cref="IDataKeyWrapper"/>), and each record
/// is sealed with AES-256-GCM under it, the associated data binding tenant, record kind and record id.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class RecordCipher(TenantSecrets secrets)
{
    public const string DataKeyName = "data-key";

    /// <summary>The tenant's record key; <c>notFound</c> for an unknown tenant.</summary>
    public async Task<Result<TenantRecordKey>> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var key = await secrets.GetAsync(tenantId, DataKeyName, cancellationToken).ConfigureAwait(false);
        return key.IsSuccess ? new TenantRecordKey(tenantId, key.Value) : key.Error!;
    }

    /// <summary>The tenant's stored credentials with their documents opened (an erased one stays empty), for display.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">A document does not open: wrong key, or the row was altered.</exception>
    public async Task<IReadOnlyList<Storage.CredentialRecord>> OpenAsync(
        string tenantId, IReadOnlyList<Storage.CredentialRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return records;
        }

        var key = await ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        return key.IsSuccess
            ? [.. records.Select(r => r with { Document = key.Value.OpenText(Credentials.IssuanceService.CredentialKind, r.CredentialId, r.Document) })]
            : [];
    }
}
