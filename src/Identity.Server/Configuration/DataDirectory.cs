namespace Identity.Server.Configuration;

/// <summary>
/// Keeps the data directory private: it is created with mode 0700, and at every start it and everything in it is
/// checked. A directory readable by group or others is set back to 0700, a file to 0600, each with a warning naming
/// the path (docs/privacy.md); when the mode cannot be changed (another owner), the service refuses to start.
/// </summary>
/// <remarks>Symbolic links are neither followed nor changed. Files the service creates are 0600 from the start (the
/// SQLite database, and so its <c>-wal</c> and <c>-shm</c>, and the key files), so the repair concerns files written
/// by older versions or by hand.</remarks>
internal static class DataDirectory
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (0700) when missing and repairs the modes of what is there.</summary>
    /// <exception cref="SettingsException">A mode cannot be changed.</exception>
    public static void Prepare(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        Repair(new DirectoryInfo(path), DirectoryMode, logger);
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is null)
            {
                Repair(entry, entry is DirectoryInfo ? DirectoryMode : FileMode, logger);
            }
        }
    }

    private static void Repair(FileSystemInfo entry, UnixFileMode wanted, ILogger logger)
    {
        if (OperatingSystem.IsWindows() || (entry.UnixFileMode & GroupOrOther) == 0)
        {
            return;
        }

        try
        {
            entry.UnixFileMode = wanted;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new SettingsException(
                $"{entry.FullName} is readable by other users and its mode cannot be changed to {Octal(wanted)}; fix its owner or mode, or choose another IDENTITY_DATA_DIR.");
        }

        logger.LogWarning("{Path} was readable by other users; its mode is now {Mode}.", entry.FullName, Octal(wanted));
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
