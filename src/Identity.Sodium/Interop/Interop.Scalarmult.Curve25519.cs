// References: RFC 7748 "Elliptic Curves for Security", January 2016, §5 (the X25519 function),
// https://www.rfc-editor.org/rfc/rfc7748 ; libsodium 1.0.18 include/sodium/crypto_scalarmult_curve25519.h;
// "Point*scalar multiplication", https://doc.libsodium.org/advanced/scalar_multiplication
// The scalar is clamped inside libsodium (RFC 7748 §5 decodeScalar25519), so callers pass raw bytes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    internal const int crypto_scalarmult_curve25519_BYTES = 32;
    internal const int crypto_scalarmult_curve25519_SCALARBYTES = 32;

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_scalarmult_curve25519_bytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_scalarmult_curve25519_scalarbytes();

    /// <summary>X25519(n, p); -1 when the result is all zeros, i.e. <paramref name="p"/> has small order (RFC 7748 §6.1).</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_scalarmult_curve25519(Span<byte> q, SecureMemoryHandle n, ReadOnlySpan<byte> p);

    /// <summary>X25519(n, 9), the public key of secret <paramref name="n"/>; -1 only for a zero result.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_scalarmult_curve25519_base(Span<byte> q, SecureMemoryHandle n);
}
