// References: PKCS #11 Specification Version 3.1, §5.4 (C_Initialize and C_Finalize are once per application),
//   https://docs.oasis-open.org/pkcs11/pkcs11-spec/v3.1/pkcs11-spec-v3.1.html
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Identity.Pkcs11;

/// <summary>
/// The PKCS#11 modules loaded in this process, one per path, shared by every <see cref="Pkcs11Token"/> that uses them.
/// </summary>
/// <remarks>
/// Deliberate process-wide state: a module is initialised once per process (a second <c>C_Initialize</c> fails) and
/// <c>C_Finalize</c> ends every session of the process, so two tokens on one module (two hosts in one process, as in
/// the integration tests) must share the load, and the last one to close finalises it.
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
internal static class Pkcs11Modules
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, (IPkcs11Library Library, int References)> s_loaded = new(StringComparer.Ordinal);

    static Pkcs11Modules()
    {
        // Pkcs11Interop binds dlopen from "libdl", which glibc 2.34+ systems ship only as libdl.so.2 (without the
        // libc6-dev symlink): point it there, or at libc.so.6, where dlopen now lives.
        NativeLibrary.SetDllImportResolver(typeof(IPkcs11Library).Assembly, ResolveLibdl);
    }

    /// <summary>The module at <paramref name="path"/>, loaded and initialised on first use; pair with <see cref="Release"/>.</summary>
    /// <exception cref="CryptographicException">The module does not load or initialise.</exception>
    public static IPkcs11Library Acquire(Pkcs11InteropFactories factories, string path)
    {
        var fullPath = Path.GetFullPath(path);
        lock (s_lock)
        {
            if (s_loaded.TryGetValue(fullPath, out var entry))
            {
                s_loaded[fullPath] = (entry.Library, entry.References + 1);
                return entry.Library;
            }

            IPkcs11Library library;
            try
            {
                library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, fullPath, AppType.MultiThreaded);
            }
            catch (Exception e) when (e is Pkcs11Exception or UnmanagedException or LibraryArchitectureException or DllNotFoundException or IOException)
            {
                throw new CryptographicException($"The PKCS#11 module {fullPath} does not load: {e.Message}");
            }

            s_loaded[fullPath] = (library, 1);
            return library;
        }
    }

    private static IntPtr ResolveLibdl(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "libdl" || NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
        {
            return IntPtr.Zero;
        }

        return NativeLibrary.TryLoad("libdl.so.2", out handle) || NativeLibrary.TryLoad("libc.so.6", out handle) ? handle : IntPtr.Zero;
    }

    /// <summary>Drops one use of <paramref name="library"/>; the last one finalises and unloads the module.</summary>
    public static void Release(IPkcs11Library library)
    {
        lock (s_lock)
        {
            var (path, entry) = s_loaded.Single(e => ReferenceEquals(e.Value.Library, library));
            if (entry.References > 1)
            {
                s_loaded[path] = (library, entry.References - 1);
                return;
            }

            s_loaded.Remove(path);
            library.Dispose();
        }
    }
}
