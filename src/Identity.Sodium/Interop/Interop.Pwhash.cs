// References: RFC 9106 "Argon2 Memory-Hard Function for Password Hashing and Proof-of-Work Applications",
// September 2021, https://www.rfc-editor.org/rfc/rfc9106 ; libsodium 1.0.18 include/sodium/crypto_pwhash.h;
// "Password hashing", https://doc.libsodium.org/password_hashing/default_phf
// libsodium fixes the Argon2 parallelism at p = 1 and passes no secret K or associated data X.
// Every call names crypto_pwhash_ALG_ARGON2ID13 explicitly, so a future change of the library's
// default algorithm cannot change our outputs.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    internal const int crypto_pwhash_ALG_ARGON2ID13 = 2;
    internal const int crypto_pwhash_SALTBYTES = 16;
    internal const int crypto_pwhash_STRBYTES = 128;
    internal const int crypto_pwhash_BYTES_MIN = 16;

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_pwhash_alg_argon2id13();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_saltbytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_strbytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_bytes_min();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_bytes_max();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_passwd_max();

    /// <summary>Raw Argon2 tag of <paramref name="outlen"/> bytes; -1 on invalid parameters or when memory cannot be allocated.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_pwhash(
        Span<byte> @out, ulong outlen, ReadOnlySpan<byte> passwd, ulong passwdlen,
        ReadOnlySpan<byte> salt, ulong opslimit, nuint memlimit, int alg);

    /// <summary>PHC string ("$argon2id$v=19$m=...,t=...,p=1$salt$tag"), NUL-terminated, random 16-byte salt; -1 on failure.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_pwhash_str_alg(
        Span<byte> @out, ReadOnlySpan<byte> passwd, ulong passwdlen, ulong opslimit, nuint memlimit, int alg);

    /// <summary>0 when <paramref name="passwd"/> matches the NUL-terminated PHC string <paramref name="str"/>, -1 otherwise.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_pwhash_str_verify(ReadOnlySpan<byte> str, ReadOnlySpan<byte> passwd, ulong passwdlen);

    /// <summary>0 when <paramref name="str"/> uses exactly these limits, 1 when it should be rehashed, -1 when it is not a valid hash string.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial int crypto_pwhash_str_needs_rehash(ReadOnlySpan<byte> str, ulong opslimit, nuint memlimit);
}
