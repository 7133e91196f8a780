using Identity.Cryptography;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>Keys generated in this process and stored wrapped by the master key (<see cref="KeyWrapper"/>): the default store.</summary>
internal sealed class WrappedKeyStore(KeyWrapper wrapper) : ITenantKeyStore
{
    public string Name => "wrapped";

    public bool Holds(ReadOnlySpan<byte> stored) => !stored.IsEmpty && stored[0] == KeyWrapper.FormatVersion;

    public (PublicKey PublicKey, byte[] Stored) Create(string tenantId, string keyId, KeyType keyType)
    {
        // Exportable only so the wrapper can wrap it under the master key; keys unwrapped later are not exportable.
        using var key = SignatureAlgorithms.ForKeyType(keyType).Value.GenerateKey(PrivateKeyExport.AllowPlaintextExport);
        return (key.PublicKey, wrapper.Wrap(key, tenantId, keyId));
    }

    public PrivateKey Load(TenantKeyRecord record) =>
        wrapper.Unwrap(record.WrappedPrivateKey, record.TenantId, record.KeyId, TenantKeys.ParseKeyType(record.KeyType));

    public void Discard(byte[] stored)
    {
        // Nothing exists outside the row.
    }
}
