// References: RFC 8032 "Edwards-Curve Digital Signature Algorithm (EdDSA)", January 2017,
// https://www.rfc-editor.org/rfc/rfc8032 ; libsodium 1.0.18 include/sodium/crypto_sign_ed25519.h;
// "Public-key signatures", https://doc.libsodium.org/public-key_cryptography/public-key_signatures ;
// "Ed25519 to Curve25519", https://doc.libsodium.org/advanced/ed25519-curve25519
// libsodium 1.0.18 verification rejects S >= L, small-order R, and non-canonical or small-order A.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    internal const int crypto_sign_ed25519_BYTES = 64;
    internal const int crypto_sign_ed25519_SEEDBYTES = 32;
    internal const int crypto_sign_ed25519_PUBLICKEYBYTES = 32;
    internal const int crypto_sign_ed25519_SECRETKEYBYTES = 32 + 32;

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_sign_ed25519_bytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_sign_ed25519_seedbytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_sign_ed25519_publickeybytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_sign_ed25519_secretkeybytes();

    /// <summary>Random key pair; <paramref name="sk"/> receives seed || public key (64 bytes). Always 0.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_keypair(Span<byte> pk, SecureMemoryHandle sk);

    /// <summary>Deterministic key pair from a 32-byte seed (RFC 8032 §5.1.5). Always 0.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_seed_keypair(Span<byte> pk, SecureMemoryHandle sk, ReadOnlySpan<byte> seed);

    /// <summary>RFC 8032 §5.1.6 signature over <paramref name="m"/>. Always 0.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_detached(Span<byte> sig, out ulong siglen_p, ReadOnlySpan<byte> m, ulong mlen, SecureMemoryHandle sk);

    /// <summary>0 when <paramref name="sig"/> is a valid signature of <paramref name="m"/> under <paramref name="pk"/>, -1 otherwise.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);

    /// <summary>Copies the 32-byte seed out of a 64-byte secret key. Always 0.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_sk_to_seed(Span<byte> seed, SecureMemoryHandle sk);

    /// <summary>Birational map to Montgomery u (RFC 7748 §4.1); -1 unless the point is valid and in the main subgroup.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_pk_to_curve25519(Span<byte> curve25519_pk, ReadOnlySpan<byte> ed25519_pk);

    /// <summary>The clamped first half of SHA-512(seed), i.e. the Ed25519 scalar as an X25519 secret. Always 0.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_sk_to_curve25519(SecureMemoryHandle curve25519_sk, SecureMemoryHandle ed25519_sk);
}
