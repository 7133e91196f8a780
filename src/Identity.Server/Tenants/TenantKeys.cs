using System.Collections.Concurrent;
using Identity.Cryptography;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.Tenants;

/// <summary>A tenant's key records and lazily unwrapped private keys.</summary>
internal sealed class TenantKeys(string tenantId, IReadOnlyList<TenantKeyRecord> records, DateTimeOffset loadedAt, KeyWrapper wrapper, string didWeb)
{
    private readonly ConcurrentDictionary<string, Lazy<PrivateKey>> _unwrapped = new(StringComparer.Ordinal);

    public string TenantId => tenantId;

    public IReadOnlyList<TenantKeyRecord> Records => records;

    public DateTimeOffset LoadedAt => loadedAt;

    public string DidWeb => didWeb;

    public string DidKey => TenantDirectory.DidKeyOf(records[0]);

    /// <summary>
    /// The key to sign with for <paramref name="issuer"/> (the tenant's did:web or did:key) that <paramref name="supports"/>
    /// accepts: for did:web the newest active key, for did:key its one key. Null when no such key exists.
    /// </summary>
    public SigningKey? SigningKeyFor(string issuer, Func<KeyType, bool> supports)
    {
        if (issuer == DidKey)
        {
            var first = records[0];
            return supports(ParseKeyType(first.KeyType)) ? Load(first, $"{DidKey}#{first.PublicKeyMultibase}") : null;
        }

        var record = records.Where(k => !k.IsRetired && supports(ParseKeyType(k.KeyType))).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.KeyId, StringComparer.Ordinal).FirstOrDefault();
        return record is null ? null : Load(record, $"{didWeb}#{record.KeyId}");
    }

    /// <summary>The key type stored under its algorithm name (<see cref="ISignatureAlgorithm.Name"/>: <c>Ed25519</c>, <c>P-256</c>, …).</summary>
    public static KeyType ParseKeyType(string name) =>
        SignatureAlgorithms.All.FirstOrDefault(a => a.Name == name)?.KeyType
            ?? throw new InvalidOperationException($"Unknown stored key type '{name}'.");

    public static string KeyTypeName(KeyType type) => SignatureAlgorithms.ForKeyType(type).Value.Name;

    private SigningKey Load(TenantKeyRecord record, string verificationMethod)
    {
        var key = _unwrapped.GetOrAdd(record.KeyId, _ => new Lazy<PrivateKey>(() =>
            wrapper.Unwrap(record.WrappedPrivateKey, tenantId, record.KeyId, ParseKeyType(record.KeyType)))).Value;
        return new SigningKey(record.KeyId, key, verificationMethod);
    }
}
