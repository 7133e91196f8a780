// References: libsodium 1.0.18 include/sodium/utils.h;
// "Helpers" (sodium_memcmp, sodium_memzero), https://doc.libsodium.org/helpers ;
// "Secure memory" (sodium_malloc, sodium_free), https://doc.libsodium.org/memory_management
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    /// <summary>Overwrites <paramref name="len"/> bytes with zeros in a way the compiler cannot elide.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void sodium_memzero(Span<byte> pnt, nuint len);

    /// <summary>Constant-time comparison of two equal-length buffers: 0 when equal, -1 otherwise.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int sodium_memcmp(ReadOnlySpan<byte> b1_, ReadOnlySpan<byte> b2_, nuint len);

    /// <summary>
    /// Page-aligned allocation between guard pages, locked in RAM (mlock) where the OS allows and
    /// filled with 0xdb; an invalid handle (NULL) when the allocation fails.
    /// </summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial SecureMemoryHandle sodium_malloc(nuint size);

    /// <summary>Zeroes, unlocks and releases memory from <see cref="sodium_malloc"/>; only <see cref="SecureMemoryHandle"/> calls it.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void sodium_free(nint ptr);
}
