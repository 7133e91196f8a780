using System.Security.Cryptography;
using Identity.Cryptography;
using Identity.Pkcs11;
using Identity.Server.Configuration;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>
/// The deployment's tenant keys: new keys go to the store <c>IDENTITY_KEY_STORE</c> names; a stored key is loaded by
/// the store that made it, so a deployment that moves to a token keeps signing with its wrapped keys until it rotates
/// them (<c>POST /admin/tenants/{t}/keys</c>) and retires the old ones.
/// </summary>
/// <remarks>
/// The master key still wraps the wrapped keys and the tenants' other secrets (the biometric pepper) whatever the
/// store. A row made by a store this deployment lacks (a token reference without <c>IDENTITY_KEY_STORE=pkcs11</c>)
/// fails closed.
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
internal sealed class TenantKeyStore : IDisposable
{
    private readonly ITenantKeyStore[] _stores;

    private TenantKeyStore(ITenantKeyStore current, params ITenantKeyStore[] stores)
    {
        Current = current;
        _stores = stores;
    }

    /// <summary>The store that creates new keys.</summary>
    public ITenantKeyStore Current { get; }

    /// <summary>The stores of <paramref name="settings"/>, opening the token when there is one.</summary>
    /// <exception cref="SettingsException">The token cannot be opened (module, token or PIN); the message never holds the PIN.</exception>
    public static TenantKeyStore Open(KeyStoreSettings settings, KeyWrapper wrapper)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var wrapped = new WrappedKeyStore(wrapper);
        if (settings.Kind == KeyStoreKind.Wrapped)
        {
            return new TenantKeyStore(wrapped, wrapped);
        }

        Pkcs11Token token;
        try
        {
            token = Pkcs11Token.Open(settings.Pkcs11!);
        }
        catch (CryptographicException e)
        {
            throw new SettingsException($"IDENTITY_KEY_STORE=pkcs11: {e.Message} (check IDENTITY_PKCS11_MODULE, IDENTITY_PKCS11_TOKEN_LABEL or IDENTITY_PKCS11_SLOT, and the PIN).");
        }

        var pkcs11 = new Pkcs11KeyStore(token);
        return new TenantKeyStore(pkcs11, pkcs11, wrapped);
    }

    /// <summary>A new key in <see cref="Current"/>: its public key and the bytes its row keeps.</summary>
    public (PublicKey PublicKey, byte[] Stored) Create(string tenantId, string keyId, KeyType keyType) => Current.Create(tenantId, keyId, keyType);

    /// <summary>The store that made a row's bytes, or null when this deployment has no such store.</summary>
    public ITenantKeyStore? StoreOf(ReadOnlySpan<byte> stored)
    {
        foreach (var store in _stores)
        {
            if (store.Holds(stored))
            {
                return store;
            }
        }

        return null;
    }

    /// <summary>The signing key of <paramref name="record"/>; the caller disposes it.</summary>
    /// <exception cref="CryptographicException">The key cannot be had (see <see cref="ITenantKeyStore.Load"/>), or no store of this deployment made it.</exception>
    public PrivateKey Load(TenantKeyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var store = StoreOf(record.WrappedPrivateKey)
            ?? throw new CryptographicException($"The key {record.TenantId}/{record.KeyId} was made by a key store this deployment does not have (IDENTITY_KEY_STORE).");
        return store.Load(record);
    }

    /// <summary>Removes a key whose row never reached the database.</summary>
    public void Discard(byte[] stored) => StoreOf(stored)?.Discard(stored);

    public void Dispose()
    {
        foreach (var store in _stores.OfType<IDisposable>())
        {
            store.Dispose();
        }
    }
}
