using Identity.Cryptography;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>
/// One place tenant private keys live. The database row of a key (<see cref="TenantKeyRecord.WrappedPrivateKey"/>)
/// holds what the store gives back from <see cref="Create"/>: the key wrapped by the master key, or only a reference
/// to a key that never leaves a device. The first byte tells the stores apart.
/// </summary>
/// <remarks><threadsafety>Implementations are thread-safe.</threadsafety></remarks>
internal interface ITenantKeyStore
{
    /// <summary>The store's name, as <c>IDENTITY_KEY_STORE</c> spells it.</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="stored"/> (a key row's bytes) was made by this store.</summary>
    bool Holds(ReadOnlySpan<byte> stored);

    /// <summary>Creates a key for the tenant; returns its public key and the bytes the database keeps for it.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The device failed.</exception>
    (PublicKey PublicKey, byte[] Stored) Create(string tenantId, string keyId, KeyType keyType);

    /// <summary>The key of <paramref name="record"/>, ready to sign; the caller disposes it.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The key cannot be had: wrong master key, altered row, or a key missing from the token or not matching the row's public key.</exception>
    PrivateKey Load(TenantKeyRecord record);

    /// <summary>Removes a key made by <see cref="Create"/> whose row never reached the database.</summary>
    void Discard(byte[] stored);
}
