// References: libsodium 1.0.18 "Generating random data", https://doc.libsodium.org/generating_random_data
using static Identity.Sodium.Interop.Libsodium;

namespace Identity.Sodium;

/// <summary>Cryptographically secure random bytes from libsodium (<c>randombytes_buf</c>; getrandom(2) on Linux).</summary>
/// <remarks>
/// Use it for salts, nonces and identifiers. Secrets that must not touch managed memory are generated inside the key
/// classes (<see cref="Ed25519PrivateKey.Generate"/>, <see cref="X25519PrivateKey.Generate"/>) instead.
/// <threadsafety>Safe to call from any thread.</threadsafety>
/// </remarks>
public static class SodiumRandom
{
    /// <summary>Fills <paramref name="buffer"/> with random bytes. Does not allocate.</summary>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static void Fill(Span<byte> buffer)
    {
        Sodium.EnsureInitialized();
        if (!buffer.IsEmpty)
        {
            randombytes_buf(buffer, (nuint)buffer.Length);
        }
    }

    /// <summary>Returns a new array of <paramref name="count"/> random bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="SodiumUnavailableException">libsodium cannot be loaded.</exception>
    public static byte[] GetBytes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        byte[] bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }
}
