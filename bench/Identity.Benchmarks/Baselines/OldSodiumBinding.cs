// Bench-only copy of the removed src/Identity.Sodium P/Invoke declarations (Interop.Sign.Ed25519.cs, Interop.Pwhash.cs),
// kept so "before" (our hand binding) and "after" (NSec) run in one BenchmarkDotNet run. Not shipped.
using System.Runtime.InteropServices;

namespace Identity.Benchmarks.Baselines;

/// <summary>The old binding's declarations, bound to the system libsodium 1.0.18 (Debian libsodium23), as before.</summary>
internal static partial class OldSodiumBindingSystem
{
    private const string Library = "libsodium.so.23";

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial int sodium_init();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial int crypto_pwhash(
        Span<byte> @out, ulong outlen, ReadOnlySpan<byte> passwd, ulong passwdlen, ReadOnlySpan<byte> salt, ulong opslimit, nuint memlimit, int alg);
}

/// <summary>The same declarations bound to the packaged libsodium 1.0.22 NSec uses: isolates binding cost from library version.</summary>
internal static partial class OldSodiumBindingPackaged
{
    private const string Library = "libsodium";

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    internal static partial int crypto_sign_ed25519_verify_detached(ReadOnlySpan<byte> sig, ReadOnlySpan<byte> m, ulong mlen, ReadOnlySpan<byte> pk);
}
