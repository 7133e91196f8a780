using System.Globalization;
using Identity.Cryptography;
using Identity.Primitives;
using Identity.Storage;

namespace Identity.Server.Tenants;

/// <summary>A tenant's key records as read from the store, and the rule for which key signs for which issuer.</summary>
/// <remarks>Invariant: a retired key is never returned for signing, whatever the issuer.</remarks>
internal sealed class TenantKeys(string tenantId, IReadOnlyList<TenantKeyRecord> records, DateTimeOffset loadedAt, Func<TenantKeyRecord, PrivateKey> unwrap, string didWeb)
{
    public string TenantId => tenantId;

    public IReadOnlyList<TenantKeyRecord> Records => records;

    public DateTimeOffset LoadedAt => loadedAt;

    public string DidWeb => didWeb;

    /// <summary>The tenant's did:key: its first key, for good (a did:key cannot rotate).</summary>
    public string DidKey => TenantDirectory.DidKeyOf(records[0]);

    /// <summary>
    /// <c>keyRetired</c> when <paramref name="issuer"/> is the tenant's did:key and its one key is retired: that DID can
    /// never sign again, and the tenant issues as its did:web instead. Null otherwise.
    /// </summary>
    public Error? RetiredIssuer(string issuer)
    {
        var first = records[0];
        return issuer == DidKey && first.RetiredAt is { } retired
            ? new Error(ErrorCodes.KeyRetired, string.Create(
                CultureInfo.InvariantCulture,
                $"The tenant's did:key is its key '{first.KeyId}', retired at {retired:yyyy-MM-dd'T'HH:mm:ss'Z'}; it never signs again. Issue as the tenant's did:web ({didWeb})."))
            : null;
    }

    /// <summary>
    /// The key to sign with for <paramref name="issuer"/> (the tenant's did:web or did:key) that <paramref name="supports"/>
    /// accepts: for did:web the newest active key, for did:key its one key while it is active. Null when no such key exists.
    /// </summary>
    public SigningKey? SigningKeyFor(string issuer, Func<KeyType, bool> supports)
    {
        if (issuer == DidKey)
        {
            var first = records[0];
            return !first.IsRetired && supports(ParseKeyType(first.KeyType)) ? Load(first, $"{DidKey}#{first.PublicKeyMultibase}") : null;
        }

        var record = records.Where(k => !k.IsRetired && supports(ParseKeyType(k.KeyType))).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.KeyId, StringComparer.Ordinal).FirstOrDefault();
        return record is null ? null : Load(record, $"{didWeb}#{record.KeyId}");
    }

    /// <summary>The key type stored under its algorithm name (<see cref="ISignatureAlgorithm.Name"/>: <c>Ed25519</c>, <c>P-256</c>, …).</summary>
    public static KeyType ParseKeyType(string name) =>
        SignatureAlgorithms.All.FirstOrDefault(a => a.Name == name)?.KeyType
            ?? throw new InvalidOperationException($"Unknown stored key type '{name}'.");

    public static string KeyTypeName(KeyType type) => SignatureAlgorithms.ForKeyType(type).Value.Name;

    private SigningKey Load(TenantKeyRecord record, string verificationMethod) => new(record.KeyId, unwrap(record), verificationMethod);
}
