using System.Security.Cryptography;
using Identity.Cryptography;
using Identity.Pkcs11;
using Identity.Server.Tenants;
using Identity.Storage;

namespace Identity.Server.Security;

/// <summary>
/// Keys created inside a PKCS#11 token, sensitive and non-extractable, labelled <c>{tenant}/{key id}</c>. The database
/// keeps <c>0x02 ‖ CKA_ID</c> (17 bytes): a name, no key material. Every signature is made by the token.
/// </summary>
/// <remarks>
/// Invariant: a key is used only when the token's public key equals the row's, so a reference copied into another
/// row (or a token object replaced behind our back) signs nothing.
/// <threadsafety>Thread-safe (the token is).</threadsafety>
/// </remarks>
internal sealed class Pkcs11KeyStore(Pkcs11Token token) : ITenantKeyStore, IDisposable
{
    public const byte FormatVersion = 0x02;

    public string Name => "pkcs11";

    public string TokenLabel => token.TokenLabel;

    public bool Holds(ReadOnlySpan<byte> stored) => stored.Length == 1 + Pkcs11Token.KeyIdSize && stored[0] == FormatVersion;

    public (PublicKey PublicKey, byte[] Stored) Create(string tenantId, string keyId, KeyType keyType)
    {
        var id = token.GenerateKey(keyType, $"{tenantId}/{keyId}");
        using var key = token.OpenKey(id, keyType) ?? throw new CryptographicException("The token lost a key it had just created.");
        return (key.PublicKey, [FormatVersion, .. id]);
    }

    public PrivateKey Load(TenantKeyRecord record)
    {
        var keyType = TenantKeys.ParseKeyType(record.KeyType);
        var key = token.OpenKey(IdOf(record.WrappedPrivateKey), keyType)
            ?? throw new CryptographicException($"The token '{token.TokenLabel}' holds no key {record.TenantId}/{record.KeyId}.");
        if (Multikey.EncodePublicKey(key.PublicKey) != record.PublicKeyMultibase)
        {
            key.Dispose();
            throw new CryptographicException($"The token's key for {record.TenantId}/{record.KeyId} is not the key the tenant publishes.");
        }

        return key;
    }

    /// <summary>What the token says about the protection of a row's key; null when the token lacks it.</summary>
    public Pkcs11KeyProtection? Protection(TenantKeyRecord record) => token.GetProtection(IdOf(record.WrappedPrivateKey));

    public void Discard(byte[] stored) => token.DestroyKey(IdOf(stored));

    /// <summary>The <c>CKA_ID</c> a row names.</summary>
    public static byte[] IdOf(ReadOnlySpan<byte> stored) => stored[1..].ToArray();

    public void Dispose() => token.Dispose();
}
