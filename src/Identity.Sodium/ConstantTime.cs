// References: libsodium 1.0.18 "Constant-time test for equality" (sodium_memcmp),
// https://doc.libsodium.org/helpers#constant-time-test-for-equality
using static Identity.Sodium.Interop.Libsodium;

namespace Identity.Sodium;

/// <summary>Comparisons whose running time does not depend on the bytes compared.</summary>
/// <remarks>
/// Use it for MACs, tokens, password-derived keys and any other value an attacker may probe byte by byte.
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
/// </remarks>
public static class ConstantTime
{
    /// <summary>
    /// Whether <paramref name="left"/> and <paramref name="right"/> hold the same bytes, in time that depends only on
    /// their length (<c>sodium_memcmp</c>). Lengths are not secret: spans of different lengths return false at once.
    /// </summary>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static bool Equals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        if (left.IsEmpty)
        {
            return true;
        }

        Sodium.EnsureInitialized();
        return sodium_memcmp(left, right, (nuint)left.Length) == 0;
    }
}
