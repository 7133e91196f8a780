// References: libsodium 1.0.18 include/sodium/core.h;
// "Usage" (sodium_init, thread safety of initialisation), https://doc.libsodium.org/usage
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    /// <summary>0 on first success, 1 when already initialised, -1 on failure (e.g. no entropy source).</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int sodium_init();

    /// <summary>Replaces libsodium's default misuse handler (abort) with <paramref name="handler"/>; 0 on success.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static unsafe partial int sodium_set_misuse_handler(delegate* unmanaged[Cdecl]<void> handler);
}
