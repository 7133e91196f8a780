// References: libsodium "Ed25519 to Curve25519", https://doc.libsodium.org/advanced/ed25519-curve25519 ;
// "Point arithmetic" (crypto_core_ed25519_is_valid_point), https://doc.libsodium.org/advanced/point-arithmetic ;
// .NET native library loading, https://learn.microsoft.com/dotnet/standard/native-interop/native-library-loading
using System.Runtime.InteropServices;

namespace Identity.Cryptography.Interop;

/// <summary>
/// The only native calls of our own: the libsodium functions NSec does not expose (and the version string). They bind the libsodium that
/// NSec's dependency, the <c>libsodium</c> NuGet package, ships in <c>runtimes/&lt;rid&gt;/native</c>; the host
/// resolves the name "libsodium" through the application's deps.json, so no system package is involved.
/// </summary>
/// <remarks>
/// No unsafe code: spans are passed as <c>ref byte</c> to their first element, which the runtime pins for the call.
/// Every caller checks the lengths first. <threadsafety>Stateless; safe from any thread.</threadsafety>
/// </remarks>
internal static class Libsodium
{
    internal const string LibraryName = "libsodium";
    internal const int Ed25519PublicKeySize = 32;
    internal const int X25519PublicKeySize = 32;

    private static readonly bool s_initialized = Initialize();

    /// <summary>Whether <paramref name="publicKey"/> is an edwards25519 point in the main subgroup and not of small order.</summary>
    public static bool IsValidEd25519Point(ReadOnlySpan<byte> publicKey)
    {
        return publicKey.Length == Ed25519PublicKeySize && s_initialized
            && crypto_core_ed25519_is_valid_point(in MemoryMarshal.GetReference(publicKey)) == 1;
    }

    /// <summary>The RFC 7748 §4.1 birational map of an Ed25519 public key to its X25519 public key.</summary>
    /// <returns>False (and <paramref name="x25519"/> cleared) for a key that is not a valid main-subgroup point.</returns>
    public static bool TryConvertEd25519PublicKeyToX25519(ReadOnlySpan<byte> ed25519, Span<byte> x25519)
    {
        if (ed25519.Length != Ed25519PublicKeySize || x25519.Length != X25519PublicKeySize || !s_initialized
            || crypto_sign_ed25519_pk_to_curve25519(ref MemoryMarshal.GetReference(x25519), in MemoryMarshal.GetReference(ed25519)) != 0)
        {
            x25519.Clear();
            return false;
        }

        return true;
    }

    /// <summary>The loaded library's version string, e.g. "1.0.22".</summary>
    public static string Version() => Marshal.PtrToStringUTF8(sodium_version_string()) ?? string.Empty;

    // sodium_init is idempotent and thread-safe; NSec calls it too, but these functions may run before NSec's.
    private static bool Initialize() => sodium_init() >= 0;

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    private static extern int sodium_init();

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    private static extern nint sodium_version_string();

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_core_ed25519_is_valid_point(in byte p);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    private static extern int crypto_sign_ed25519_pk_to_curve25519(ref byte curve25519Pk, in byte ed25519Pk);
}
