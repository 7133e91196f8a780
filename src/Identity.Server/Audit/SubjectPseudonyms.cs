// References: RFC 2104 (HMAC), https://www.rfc-editor.org/rfc/rfc2104; GDPR Art. 4(5) (pseudonymisation)
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Identity.Primitives;
using Identity.Server.Security;

namespace Identity.Server.Audit;

/// <summary>
/// The tenant's pseudonym of a patient identifier (a DID, a credential id): <c>ps1:</c> + base64url of the first 16 bytes
/// of HMAC-SHA256 under the tenant's audit pseudonym key (a <see cref="TenantSecrets"/> secret). The same identifier
/// always gives the same pseudonym within a tenant, so the tenant can find a patient's entries by hashing the DID again;
/// without the key, pseudonyms cannot be linked to identifiers or across tenants.
/// </summary>
/// <remarks><threadsafety>Thread-safe.</threadsafety></remarks>
internal sealed class SubjectPseudonyms(TenantSecrets secrets)
{
    public const string KeyName = "audit-pseudonym-key";
    public const string Prefix = "ps1:";
    private const int Bytes = 16;

    /// <summary>The pseudonym of <paramref name="identifier"/> in <paramref name="tenantId"/>; <c>notFound</c> for an unknown tenant.</summary>
    public async Task<Result<string>> OfAsync(string tenantId, string identifier, CancellationToken cancellationToken)
    {
        var key = await secrets.GetAsync(tenantId, KeyName, cancellationToken).ConfigureAwait(false);
        if (!key.IsSuccess)
        {
            return key.Error!;
        }

        var mac = key.Value.Use(Encoding.UTF8.GetBytes(identifier), static (span, data) => HMACSHA256.HashData(span, data));
        return Prefix + Base64Url.EncodeToString(mac.AsSpan(0, Bytes));
    }

    /// <summary>The pseudonym for an audit entry, or null when the tenant does not exist (the store then refuses the
    /// change it records, so no entry is written).</summary>
    public async Task<string?> ForAuditAsync(string tenantId, string identifier, CancellationToken cancellationToken)
    {
        var pseudonym = await OfAsync(tenantId, identifier, cancellationToken).ConfigureAwait(false);
        return pseudonym.IsSuccess ? pseudonym.Value : null;
    }
}
