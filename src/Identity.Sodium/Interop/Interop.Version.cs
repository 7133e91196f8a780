// References: libsodium 1.0.18 include/sodium/version.h (generated from version.h.in),
// https://github.com/jedisct1/libsodium/blob/1.0.18/src/libsodium/include/sodium/version.h.in
// libsodium 1.0.18 reports library version 10.3; 1.0.19 and later report 26.x.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    /// <summary>The lowest library (ABI) version that exports every function in Interop.yaml: 10.3 = libsodium 1.0.18.</summary>
    internal const int SODIUM_LIBRARY_VERSION_MAJOR = 10;

    /// <summary>See <see cref="SODIUM_LIBRARY_VERSION_MAJOR"/>.</summary>
    internal const int SODIUM_LIBRARY_VERSION_MINOR = 3;

    /// <summary>A pointer to a static NUL-terminated ASCII string such as "1.0.18"; never freed.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nint sodium_version_string();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int sodium_library_version_major();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int sodium_library_version_minor();
}
