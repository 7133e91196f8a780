using System.Text;
using System.Security.Cryptography;

namespace Identity.Server.Configuration;

/// <summary>
/// Reads a secret from its setting or, when unset, from a file in the data directory, creating the file (mode 0600)
/// with fresh random bytes on first start. Only the path is ever logged, never the value.
/// </summary>
internal static class SecretFiles
{
    public static byte[] LoadOrCreate(
        string directory, string fileName, string? configured, int randomBytes, ILogger logger, string settingName, Func<string>? generate = null)
    {
        if (configured is not null)
        {
            return Encoding.UTF8.GetBytes(configured);
        }

        var path = Path.Combine(directory, fileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length == 0)
            {
                throw new SettingsException($"{path} is empty; delete it to have a new secret generated, or set {settingName}.");
            }

            return Encoding.UTF8.GetBytes(existing);
        }

        var value = generate?.Invoke() ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(randomBytes));
        WritePrivate(path, value + "\n");
        logger.LogWarning("{Setting} was not set: generated a new one and stored it in {Path} (mode 0600). Keep that file safe.", settingName, path);
        return Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Creates a file readable only by its owner, failing if it already exists (no silent overwrite).</summary>
    public static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(content);
        writer.Flush();
        stream.Flush(flushToDisk: true);
    }
}
