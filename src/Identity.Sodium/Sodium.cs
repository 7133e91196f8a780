// References: libsodium 1.0.18 "Usage", https://doc.libsodium.org/usage (sodium_init must run before any
// other function and is idempotent); "Misuse handler", include/sodium/core.h.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Identity.Sodium.Interop;

namespace Identity.Sodium;

/// <summary>Loads and initialises libsodium once per process.</summary>
/// <remarks>
/// Every public entry point of this assembly calls <see cref="EnsureInitialized"/> itself; hosts call it at
/// start-up to fail fast with a <see cref="SodiumUnavailableException"/> that names the OS package to install.
/// Callers inside other <c>Identity.*</c> namespaces must qualify the type (<c>Identity.Sodium.Sodium</c>),
/// because the namespace <c>Identity.Sodium</c> is found before the type.
/// <threadsafety>All members are safe to call from any thread.</threadsafety>
/// </remarks>
public static class Sodium
{
    private static readonly Lock s_lock = new();
    private static volatile bool s_initialized;

    /// <summary>The version string of the loaded libsodium, e.g. "1.0.18".</summary>
    /// <exception cref="SodiumUnavailableException">libsodium is missing, too old, or failed to initialise.</exception>
    public static string Version
    {
        get
        {
            EnsureInitialized();
            return Marshal.PtrToStringUTF8(Libsodium.sodium_version_string()) ?? string.Empty;
        }
    }

    /// <summary>Loads libsodium, checks its version and runs <c>sodium_init</c>; later calls return at once.</summary>
    /// <exception cref="SodiumUnavailableException">libsodium is missing, too old, or failed to initialise.</exception>
    public static void EnsureInitialized()
    {
        if (!s_initialized)
        {
            Initialize();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Initialize()
    {
        lock (s_lock)
        {
            if (s_initialized)
            {
                return;
            }

            try
            {
                Libraries.Register();
                CheckVersion();
                InstallMisuseHandler();
                if (Libsodium.sodium_init() < 0)
                {
                    throw Error.Unavailable_InitFailed();
                }
            }
            catch (DllNotFoundException e)
            {
                throw Libraries.CreateMissingLibraryException(e);
            }
            catch (EntryPointNotFoundException e)
            {
                throw Error.Unavailable_MissingFunction(e);
            }

            s_initialized = true;
        }
    }

    private static void CheckVersion()
    {
        int major = Libsodium.sodium_library_version_major();
        int minor = Libsodium.sodium_library_version_minor();
        if (major < Libsodium.SODIUM_LIBRARY_VERSION_MAJOR ||
            (major == Libsodium.SODIUM_LIBRARY_VERSION_MAJOR && minor < Libsodium.SODIUM_LIBRARY_VERSION_MINOR))
        {
            string version = Marshal.PtrToStringUTF8(Libsodium.sodium_version_string()) ?? "?";
            throw Error.Unavailable_VersionTooOld(version, major, minor);
        }
    }

    private static unsafe void InstallMisuseHandler()
    {
        // libsodium calls the handler instead of abort() when an API contract is violated; it must not return.
        int result = Libsodium.sodium_set_misuse_handler(&OnMisuse);
        Debug.Assert(result == 0);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMisuse()
    {
        // An exception cannot cross the native frame, and returning would let libsodium continue in a broken state.
        Environment.FailFast("libsodium detected an API misuse (sodium_misuse). This is a bug in Identity.Sodium.");
    }
}
