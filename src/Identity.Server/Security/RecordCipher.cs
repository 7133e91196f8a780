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
}
