// References:
//   .NET native library loading — https://learn.microsoft.com/dotnet/standard/native-interop/native-library-loading
//   SQLitePCLRaw 2.0.6 (provider e_sqlite3 imports the library name "e_sqlite3") — https://github.com/ericsink/SQLitePCL.raw
//   SQLite sqlite_version() — https://www.sqlite.org/lang_corefunc.html#sqlite_version

using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Identity.Storage.Sqlite;

/// <summary>
/// Chooses the native SQLite library once per process: the operating system's maintained copy
/// (<see cref="SystemLibraryPath"/>, Debian's security-patched build) when present, else the copy bundled with
/// SQLitePCLRaw (3.35.5, 2021).
/// </summary>
/// <remarks>
/// Invariant: the resolver is registered before the first call into the provider (the runtime binds a library name on
/// first use, and allows one resolver per assembly), then SQLitePCLRaw is initialised; both happen once, under
/// <see cref="s_lock"/>. Setting the environment variable <see cref="OverrideVariable"/> to <c>bundled</c> skips the
/// system copy (to run the suite against the bundled one, or to work around a broken system library).
/// </remarks>
internal static class SqliteNative
{
    internal const string SystemLibraryPath = "/usr/lib/x86_64-linux-gnu/libsqlite3.so.0";
    internal const string ProviderLibraryName = "e_sqlite3";
    internal const string OverrideVariable = "IDENTITY_SQLITE_NATIVE";

    private static readonly Lock s_lock = new();
    private static bool s_initialized;
    private static string? s_version;
    private static string s_loadedFrom = "bundled";

    /// <summary>The version of the loaded library, from <c>select sqlite_version()</c>.</summary>
    internal static string Version
    {
        get
        {
            EnsureInitialized();
            return s_version!;
        }
    }

    /// <summary><c>system</c> when <see cref="SystemLibraryPath"/> was loaded, else <c>bundled</c>.</summary>
    internal static string LoadedFrom
    {
        get
        {
            EnsureInitialized();
            return s_loadedFrom;
        }
    }

    /// <summary>Registers the resolver, initialises SQLitePCLRaw and reads the library version, once.</summary>
    /// <exception cref="InvalidOperationException">No native SQLite library could be loaded.</exception>
    internal static void EnsureInitialized()
    {
        if (Volatile.Read(ref s_initialized))
        {
            return;
        }

        lock (s_lock)
        {
            if (s_initialized)
            {
                return;
            }

            Assembly provider = typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly;
            if (PreferSystemLibrary())
            {
                NativeLibrary.SetDllImportResolver(provider, Resolve);
            }

            try
            {
                SQLitePCL.Batteries_V2.Init();
                using var connection = new SqliteConnection("Data Source=:memory:");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "select sqlite_version()";
                s_version = (string)command.ExecuteScalar()!;
            }
            catch (DllNotFoundException e)
            {
                throw new InvalidOperationException(
                    $"No native SQLite library could be loaded (tried {SystemLibraryPath} and the bundled e_sqlite3). " +
                    "Install the OS package libsqlite3-0.", e);
            }

            Volatile.Write(ref s_initialized, true);
        }
    }

    private static bool PreferSystemLibrary() =>
        !string.Equals(Environment.GetEnvironmentVariable(OverrideVariable), "bundled", StringComparison.OrdinalIgnoreCase)
        && OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture == Architecture.X64
        && File.Exists(SystemLibraryPath);

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != ProviderLibraryName || !NativeLibrary.TryLoad(SystemLibraryPath, out nint handle))
        {
            // Zero lets the runtime probe as usual, which finds the bundled runtimes/<rid>/native/libe_sqlite3.
            return 0;
        }

        s_loadedFrom = "system";
        return handle;
    }
}
