// References:
//   The Keccak SHA-3 submission, version 3 (January 2011), https://keccak.team/files/Keccak-submission-3.pdf
//   Ethereum Yellow Paper, Appendix E/F (KEC), https://ethereum.github.io/yellowpaper/paper.pdf
using Nethereum.Util;

namespace Identity.Cryptography;

/// <summary>
/// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01), <em>not</em> FIPS 202 SHA3-256 (0x06), so
/// the two give different digests (Keccak-256("") = c5d24601…a470, SHA3-256("") = a7ffc6f8…434a).
/// </summary>
/// <remarks>Computed by Nethereum.Util's <see cref="Sha3Keccack"/>. <threadsafety>Static and safe to call from any thread.</threadsafety></remarks>
public static class Keccak256
{
    /// <summary>The digest size in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>Returns the 32-byte Keccak-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        return new Sha3Keccack().CalculateHash(data.ToArray());
    }
}
