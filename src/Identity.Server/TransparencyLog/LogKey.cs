// References: C2SP signed-note (Ed25519 signatures, vkeys) — https://c2sp.org/signed-note
using System.Security.Cryptography;
using Identity.Cryptography;
using Identity.Cryptography.TransparencyLog;
using Identity.Server.Configuration;
using Identity.Server.Security;

namespace Identity.Server.TransparencyLog;

/// <summary>
/// The deployment's log signing key: an Ed25519 key made at first start and kept in <c>log.key</c> in the data
/// directory (mode 0600), wrapped under the master key like the tenant secrets, with the origin as its note key name.
/// </summary>
/// <remarks>Owns unmanaged key memory. <threadsafety>Thread-safe: signing does not mutate the key.</threadsafety></remarks>
internal sealed class LogKey : IDisposable
{
    public const string FileName = "log.key";

    // The associated data binds the wrapped seed to this purpose ("tenant" _deployment cannot be a tenant id).
    private const string WrapTenant = "_deployment";
    private const string WrapName = "transparency-log";

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

    public static LogKey Load(ServerSettings settings, KeyWrapper wrapper, PublicUrl publicUrl, ILogger logger)
    {
        string origin = settings.LogOrigin ?? $"{publicUrl.Authority}/log";
        Directory.CreateDirectory(settings.DataDirectory);
        var text = SecretFiles.LoadOrCreate(settings.DataDirectory, FileName, null, 0, logger, FileName, () =>
        {
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

    /// <summary>Signs a checkpoint text as a C2SP signed note under <see cref="Origin"/>.</summary>
    public SignedNote Sign(string text) => SignedNote.Sign(text, Origin, _key);

    public void Dispose() => _key.Dispose();
}
