// References: C2SP signed-note (Ed25519 signatures, vkeys) — https://c2sp.org/signed-note
using System.Security.Cryptography;
using Identity.Cryptography;
using Identity.Cryptography.TransparencyLog;
using Identity.Server.Configuration;
using Identity.Server.Security;
using Identity.Storage;

namespace Identity.Server.TransparencyLog;

/// <summary>
/// The deployment's log signing key: an Ed25519 key made at first start with the origin as its note key name. With
/// the wrapped key store, <c>log.key</c> in the data directory (mode 0600) holds its seed wrapped under the master key;
/// with <c>IDENTITY_KEY_STORE=pkcs11</c> the key is made in the token, non-extractable, and <c>log.key</c> holds only
/// <c>pkcs11:</c>, the token reference and the public key. A key is used from where it was made, as tenant keys are.
/// </summary>
/// <remarks>Owns unmanaged key memory. <threadsafety>Thread-safe: signing does not mutate the key.</threadsafety></remarks>
internal sealed class LogKey : IDisposable
{
    public const string FileName = "log.key";

    // The associated data binds the wrapped seed to this purpose ("tenant" _deployment cannot be a tenant id).
    private const string WrapTenant = "_deployment";
    private const string WrapName = "transparency-log";

    // log.key's form when the key is in a PKCS#11 token.
    private const string TokenPrefix = "pkcs11:";

    private readonly PrivateKey _key;

    private LogKey(PrivateKey key, string origin)
    {
        _key = key;
        Origin = origin;
        VerifierKey = NoteVerifierKey.ForEd25519(origin, key.PublicKey.Bytes.Span);
    }

    /// <summary>The checkpoint origin and note key name.</summary>
    public string Origin { get; }

    /// <summary>The public key as a C2SP vkey, e.g. <c>identity.example.org/log+1a2b3c4d+AX…</c>.</summary>
    public NoteVerifierKey VerifierKey { get; }

    public static LogKey Load(ServerSettings settings, KeyWrapper wrapper, TenantKeyStore keyStore, PublicUrl publicUrl, ILogger logger)
    {
        string origin = settings.LogOrigin ?? $"{publicUrl.Authority}/log";
        Directory.CreateDirectory(settings.DataDirectory);
        var text = SecretFiles.LoadOrCreate(settings.DataDirectory, FileName, null, 0, logger, FileName, () =>
        {
            if (keyStore.Current is Pkcs11KeyStore token)
            {
                var (publicKey, stored) = token.Create(WrapTenant, WrapName, KeyType.Ed25519);
                return $"{TokenPrefix}{Convert.ToBase64String(stored)}:{Multikey.EncodePublicKey(publicKey)}";
            }

            var seed = RandomNumberGenerator.GetBytes(32);
            try
            {
                return Convert.ToBase64String(wrapper.WrapSecret(seed, WrapTenant, WrapName));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        });
        string content = System.Text.Encoding.ASCII.GetString(text);
        if (content.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return new LogKey(LoadFromToken(content[TokenPrefix.Length..], keyStore, settings), origin);
        }

        var wrapped = new byte[text.Length];
        if (!Convert.TryFromBase64String(System.Text.Encoding.ASCII.GetString(text), wrapped, out int length))
        {
            throw new SettingsException($"{Path.Combine(settings.DataDirectory, FileName)} is not a wrapped log key; restore it from a backup.");
        }

        try
        {
            using var seed = wrapper.UnwrapSecret(wrapped.AsSpan(0, length), WrapTenant, WrapName);
            var key = seed.Use(0, static (span, _) => SignatureAlgorithms.Ed25519.ImportPrivateKey(span));
            return new LogKey(key.IsSuccess ? key.Value : throw new SettingsException("The log key does not import."), origin);
        }
        catch (CryptographicException)
        {
            throw new SettingsException(
                $"IDENTITY_MASTER_KEY (or {Path.Combine(settings.DataDirectory, "master.key")}) is not the key {Path.Combine(settings.DataDirectory, FileName)} was wrapped with: restore the matching master key and log.key.");
        }
    }

    // "<base64 token reference>:<public Multikey>", checked like a tenant key's row: the token's key must be this one.
    private static PrivateKey LoadFromToken(string reference, TenantKeyStore keyStore, ServerSettings settings)
    {
        string path = Path.Combine(settings.DataDirectory, FileName);
        var parts = reference.Split(':');
        var stored = new byte[reference.Length];
        if (parts.Length != 2 || !Convert.TryFromBase64String(parts[0], stored, out int length))
        {
            throw new SettingsException($"{path} is not a log key reference; restore it from a backup.");
        }

        var record = new TenantKeyRecord(WrapTenant, WrapName, SignatureAlgorithms.Ed25519.Name, parts[1], stored[..length], DateTimeOffset.UnixEpoch);
        if (keyStore.StoreOf(record.WrappedPrivateKey) is not Pkcs11KeyStore)
        {
            throw new SettingsException($"{path} names a key in a PKCS#11 token: start with IDENTITY_KEY_STORE=pkcs11 and that token.");
        }

        try
        {
            return keyStore.Load(record);
        }
        catch (CryptographicException e)
        {
            throw new SettingsException($"The log key in {path}: {e.Message}");
        }
    }

    /// <summary>Signs a checkpoint text as a C2SP signed note under <see cref="Origin"/>.</summary>
    public SignedNote Sign(string text) => SignedNote.Sign(text, Origin, _key);

    public void Dispose() => _key.Dispose();
}
