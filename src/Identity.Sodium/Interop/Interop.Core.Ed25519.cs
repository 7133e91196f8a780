// References: libsodium 1.0.18 include/sodium/crypto_core_ed25519.h;
// "Point*scalar multiplication / Ed25519 arithmetic", https://doc.libsodium.org/advanced/point-arithmetic
// RFC 8032 §5.1.3 (point decoding), https://www.rfc-editor.org/rfc/rfc8032#section-5.1.3
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    internal const int crypto_core_ed25519_BYTES = 32;

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_core_ed25519_bytes();

    /// <summary>
    /// 1 when <paramref name="p"/> is a canonical encoding of a point on the curve, in the prime-order
    /// subgroup and not of small order; 0 otherwise.
    /// </summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_core_ed25519_is_valid_point(ReadOnlySpan<byte> p);
}
