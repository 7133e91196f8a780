using System.Security.Cryptography;
using System.Text;
using Identity.Server.Configuration;

namespace Identity.Server.Security;

/// <summary>The operator's key, held only as its SHA-256 and compared in constant time.</summary>
internal sealed class AdminKey(byte[] key)
{
    private readonly byte[] _hash = SHA256.HashData(key);

    public bool Matches(string presented) => CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    /// <summary>
    /// The key from <c>IDENTITY_ADMIN_KEY</c>, else from <c>admin.key</c> in the data directory (created with a fresh key
    /// on first start). A key that <see cref="AdminKeyPolicy"/> finds guessable stops the start.
    /// </summary>
    /// <exception cref="WeakAdminKeyException">The configured or stored key is weak; the message names its source, never its value.</exception>
    public static AdminKey Load(ServerSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bytes = SecretFiles.LoadOrCreate(settings.DataDirectory, "admin.key", settings.AdminKey, 32, logger, "IDENTITY_ADMIN_KEY", AdminKeyPolicy.Generate);
        if (AdminKeyPolicy.Weakness(Encoding.UTF8.GetString(bytes)) is { } weakness)
        {
            var source = settings.AdminKey is null ? Path.Combine(settings.DataDirectory, "admin.key") : "IDENTITY_ADMIN_KEY";
            throw new WeakAdminKeyException(
                $"Refusing to start: the admin key ({source}) is too weak: {weakness}. It needs at least {AdminKeyPolicy.MinimumBits} bits of " +
                "randomness; generate one with 'openssl rand -base64 32'.");
        }

        return new AdminKey(bytes);
    }
}

/// <summary>The admin key is guessable; the server does not start. The message is one line for the operator.</summary>
internal sealed class WeakAdminKeyException(string message) : InvalidOperationException(message);

/// <summary>Resolves the admin key before the host starts, so that a weak one is reported as one line, not a logged exception.</summary>
internal static class AdminKeyCheck
{
    public static string? Refusal(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<AdminKey>();
            return null;
        }
        catch (WeakAdminKeyException e)
        {
            return e.Message;
        }
    }
}
