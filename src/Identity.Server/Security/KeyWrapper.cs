// References: NIST SP 800-38D (AES-GCM, 96-bit nonces, 128-bit tags), https://csrc.nist.gov/pubs/sp/800/38/d/final
using System.Security.Cryptography;
using System.Text;
using Identity.Cryptography;
using Identity.Server.Configuration;

namespace Identity.Server.Security;

/// <summary>
/// Wraps tenant private keys with the master key (AES-256-GCM) before they reach the database, and unwraps them when
/// a key is loaded for signing. The associated data binds each blob to its tenant, key id and key type, so a wrapped
/// key copied to another row does not unwrap.
/// </summary>
/// <remarks>
/// Format: <c>0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)</c>.
/// <threadsafety>Thread-safe: each call uses its own <see cref="AesGcm"/> instance.</threadsafety>
/// </remarks>
internal sealed class KeyWrapper : IDataKeyWrapper, IDisposable
{
    public const byte FormatVersion = 1;
    private const byte Version = FormatVersion;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _masterKey;

    public KeyWrapper(ReadOnlySpan<byte> masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        }

        _masterKey = GC.AllocateArray<byte>(32, pinned: true);
        masterKey.CopyTo(_masterKey);
    }

    /// <summary>A 32-byte key for <paramref name="purpose"/> derived from the master key (HKDF-SHA-256), the same on every replica.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _masterKey, 32, info: Encoding.UTF8.GetBytes("identity/" + purpose));

    /// <summary>Decodes <c>IDENTITY_MASTER_KEY</c> (or the key file): 32 bytes as base64, base64url or hex.</summary>
    public static byte[] DecodeMasterKey(ReadOnlySpan<byte> text)
    {
        var value = Encoding.UTF8.GetString(text).Trim();
        byte[]? bytes = null;
        if (value.Length == 64 && value.All(Uri.IsHexDigit))
        {
            bytes = Convert.FromHexString(value);
        }
        else
        {
            var normalized = value.Replace('-', '+').Replace('_', '/');
            normalized = normalized.PadRight(normalized.Length + ((4 - (normalized.Length % 4)) % 4), '=');
            var buffer = new byte[normalized.Length];
            if (Convert.TryFromBase64String(normalized, buffer, out var written))
            {
                bytes = buffer[..written];
            }
        }

        if (bytes is not { Length: 32 })
        {
            throw new SettingsException("IDENTITY_MASTER_KEY must be 32 random bytes written as base64 or 64 hex digits.");
        }

        return bytes;
    }

    public byte[] Wrap(PrivateKey key, string tenantId, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var secret = GC.AllocateArray<byte>(key.SecretSize, pinned: true);
        try
        {
            key.ExportSecret(secret);
            var output = new byte[1 + NonceSize + secret.Length + TagSize];
            output[0] = Version;
            var nonce = output.AsSpan(1, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(_masterKey, TagSize);
            aes.Encrypt(nonce, secret, output.AsSpan(1 + NonceSize, secret.Length), output.AsSpan(1 + NonceSize + secret.Length), Aad(tenantId, keyId, key.KeyType));
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <exception cref="CryptographicException">The blob was not wrapped with this master key for this tenant and key.</exception>
    public PrivateKey Unwrap(ReadOnlySpan<byte> wrapped, string tenantId, string keyId, KeyType keyType)
    {
        if (wrapped.Length <= 1 + NonceSize + TagSize || wrapped[0] != Version)
        {
            throw new CryptographicException($"The stored key {tenantId}/{keyId} is not in a known wrapped format.");
        }

        var length = wrapped.Length - 1 - NonceSize - TagSize;
        var secret = GC.AllocateArray<byte>(length, pinned: true);
        try
        {
            using var aes = new AesGcm(_masterKey, TagSize);
            aes.Decrypt(wrapped.Slice(1, NonceSize), wrapped.Slice(1 + NonceSize, length), wrapped[(1 + NonceSize + length)..], secret, Aad(tenantId, keyId, keyType));
            var algorithm = SignatureAlgorithms.ForKeyType(keyType);
            if (!algorithm.IsSuccess)
            {
                throw new CryptographicException($"The stored key {tenantId}/{keyId} has a key type that cannot sign.");
            }

            var imported = algorithm.Value.ImportPrivateKey(secret);
            return imported.IsSuccess
                ? imported.Value
                : throw new CryptographicException($"The stored key {tenantId}/{keyId} does not import: {imported.Error!.Code}.");
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException($"The stored key {tenantId}/{keyId} does not unwrap: wrong master key, or the row was altered.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    /// <summary>Wraps a tenant secret (e.g. the biometric pepper), bound to its tenant and name.</summary>
    public byte[] WrapSecret(ReadOnlySpan<byte> secret, string tenantId, string name)
    {
        var output = new byte[1 + NonceSize + secret.Length + TagSize];
        output[0] = Version;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_masterKey, TagSize);
        aes.Encrypt(nonce, secret, output.AsSpan(1 + NonceSize, secret.Length), output.AsSpan(1 + NonceSize + secret.Length), SecretAad(tenantId, name));
        return output;
    }

    /// <summary>Unwraps a tenant secret into secure memory.</summary>
    /// <exception cref="CryptographicException">The blob was not wrapped with this master key for this tenant and name.</exception>
    public SecureBuffer UnwrapSecret(ReadOnlySpan<byte> wrapped, string tenantId, string name)
    {
        if (wrapped.Length <= 1 + NonceSize + TagSize || wrapped[0] != Version)
        {
            throw new CryptographicException($"The stored secret {tenantId}/{name} is not in a known wrapped format.");
        }

        var length = wrapped.Length - 1 - NonceSize - TagSize;
        var secret = GC.AllocateArray<byte>(length, pinned: true);
        try
        {
            using var aes = new AesGcm(_masterKey, TagSize);
            aes.Decrypt(wrapped.Slice(1, NonceSize), wrapped.Slice(1 + NonceSize, length), wrapped[(1 + NonceSize + length)..], secret, SecretAad(tenantId, name));
            var buffer = new SecureBuffer(length);
            buffer.CopyFrom(secret);
            return buffer;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new CryptographicException($"The stored secret {tenantId}/{name} does not unwrap: wrong master key, or the row was altered.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_masterKey);

    private static byte[] SecretAad(string tenantId, string name) =>
        Encoding.UTF8.GetBytes($"identity/tenant-secret/v1\n{tenantId}\n{name}");

    private static byte[] Aad(string tenantId, string keyId, KeyType keyType) =>
        Encoding.UTF8.GetBytes($"identity/tenant-key/v1\n{tenantId}\n{keyId}\n{keyType}");
}
