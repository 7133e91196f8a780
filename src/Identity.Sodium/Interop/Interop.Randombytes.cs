// References: libsodium 1.0.18 include/sodium/randombytes.h;
// "Generating random data", https://doc.libsodium.org/generating_random_data
// On Linux the default implementation reads getrandom(2) (or /dev/urandom before it is available).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    /// <summary>Fills <paramref name="buf"/> with unpredictable bytes; cannot fail once sodium_init succeeded.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void randombytes_buf(Span<byte> buf, nuint size);

    /// <summary>Fills secure memory directly, so generated secrets never pass through managed memory.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial void randombytes_buf(SecureMemoryHandle buf, nuint size);
}
