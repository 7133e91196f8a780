// References: .NET native library loading, https://learn.microsoft.com/dotnet/standard/native-interop/native-library-loading
// libsodium 1.0.18 installation, https://doc.libsodium.org/installation
// Debian package libsodium23 ships only the versioned file libsodium.so.23 (the unversioned
// libsodium.so symlink comes with libsodium-dev), so the default probing for "libsodium" fails there.
using System.Reflection;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

/// <summary>Finds and loads the native libsodium library for every <c>[LibraryImport]</c> in this assembly.</summary>
/// <remarks>
/// Invariant: the resolver is registered at most once per process (the runtime allows one per assembly);
/// <see cref="Sodium.EnsureInitialized"/> calls <see cref="Register"/> under its lock.
/// </remarks>
internal static class Libraries
{
    /// <summary>The logical library name used by every import; the resolver maps it to a file.</summary>
    internal const string Libsodium = "libsodium";

    private static nint s_handle;
    private static bool s_registered;

    /// <summary>The file names tried, in order, on the current operating system.</summary>
    internal static IReadOnlyList<string> CandidateNames { get; } = GetCandidateNames();

    /// <summary>Loads libsodium and routes the assembly's imports to it.</summary>
    /// <exception cref="SodiumUnavailableException">No candidate could be loaded.</exception>
    internal static void Register()
    {
        if (s_handle == 0)
        {
            s_handle = Load(CandidateNames);
        }

        if (!s_registered)
        {
            NativeLibrary.SetDllImportResolver(typeof(Libraries).Assembly, Resolve);
            s_registered = true;
        }
    }

    /// <summary>Loads the first candidate that the OS loader accepts.</summary>
    /// <exception cref="SodiumUnavailableException">No candidate could be loaded.</exception>
    internal static nint Load(IEnumerable<string> candidates)
    {
        return TryLoad(candidates, typeof(Libraries).Assembly, searchPath: null, out nint handle)
            ? handle
            : throw CreateMissingLibraryException();
    }

    /// <summary>The exception thrown when libsodium cannot be loaded; its message names the OS packages.</summary>
    internal static SodiumUnavailableException CreateMissingLibraryException(Exception? innerException = null)
    {
        return new SodiumUnavailableException(SodiumUnavailableException.MissingLibraryMessage, innerException);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Libsodium)
        {
            return 0;
        }

        if (s_handle == 0 && TryLoad(CandidateNames, assembly, searchPath, out nint handle))
        {
            s_handle = handle;
        }

        // Zero lets the runtime fall back to its own probing, which ends in DllNotFoundException;
        // Sodium.EnsureInitialized turns that into SodiumUnavailableException.
        return s_handle;
    }

    private static bool TryLoad(IEnumerable<string> candidates, Assembly assembly, DllImportSearchPath? searchPath, out nint handle)
    {
        foreach (string name in candidates)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out handle))
            {
                return true;
            }
        }

        handle = 0;
        return false;
    }

    private static string[] GetCandidateNames()
    {
        if (OperatingSystem.IsMacOS())
        {
            return ["libsodium.23.dylib", "libsodium.dylib", Libsodium];
        }

        if (OperatingSystem.IsWindows())
        {
            return ["libsodium.dll", Libsodium];
        }

        return ["libsodium.so.23", "libsodium.so", Libsodium];
    }
}
