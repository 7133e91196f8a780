// References: RFC 9106 §4 (parameter choice), https://www.rfc-editor.org/rfc/rfc9106#section-4 ;
// libsodium 1.0.18 include/sodium/crypto_pwhash_argon2id.h;
// "Argon2 limits", https://doc.libsodium.org/password_hashing/default_phf#key-derivation
// Limits are in libsodium's units: opslimit = Argon2 passes t, memlimit = bytes (m KiB * 1024).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Identity.Sodium.Interop;

internal static partial class Libsodium
{
    internal const int crypto_pwhash_argon2id_SALTBYTES = 16;
    internal const long crypto_pwhash_argon2id_OPSLIMIT_MIN = 1;
    internal const long crypto_pwhash_argon2id_OPSLIMIT_MAX = 4294967295;
    internal const long crypto_pwhash_argon2id_MEMLIMIT_MIN = 8192;
    internal const long crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE = 2;
    internal const long crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE = 67108864;
    internal const long crypto_pwhash_argon2id_OPSLIMIT_MODERATE = 3;
    internal const long crypto_pwhash_argon2id_MEMLIMIT_MODERATE = 268435456;
    internal const long crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE = 4;
    internal const long crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE = 1073741824;

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_saltbytes();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_opslimit_min();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_opslimit_max();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_memlimit_min();

    /// <summary>4398046510080 bytes on 64-bit platforms; platform-dependent, hence no constant.</summary>
    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_memlimit_max();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_opslimit_interactive();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_memlimit_interactive();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_opslimit_moderate();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_memlimit_moderate();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_opslimit_sensitive();

    [LibraryImport(Libraries.Libsodium)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    internal static partial nuint crypto_pwhash_argon2id_memlimit_sensitive();
}
