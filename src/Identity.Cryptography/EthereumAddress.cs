// References:
//   Ethereum Yellow Paper, §4.1 and Appendix F (address = last 20 bytes of KEC(x || y)), https://ethereum.github.io/yellowpaper/paper.pdf
//   EIP-55: Mixed-case checksum address encoding (2016), https://eips.ethereum.org/EIPS/eip-55
using Nethereum.Util;

namespace Identity.Cryptography;

/// <summary>
/// Ethereum account addresses: derivation from a secp256k1 public key and the EIP-55 mixed-case checksum.
/// </summary>
/// <remarks>
/// A well-formed address is <c>0x</c> followed by 40 hexadecimal digits. Its EIP-55 form capitalises each letter
/// whose matching nibble of Keccak-256(lowercase hex) is 8 or more; Nethereum.Util's <see cref="AddressUtil"/> computes it.
/// <threadsafety>All members are static and safe to call from any thread.</threadsafety>
/// </remarks>
public static class EthereumAddress
{
    private const int HexDigits = 40;

    /// <summary>Derives the EIP-55 checksummed address of a secp256k1 public key.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="secp256k1Key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="secp256k1Key"/> is not a secp256k1 key.</exception>
    public static string FromPublicKey(PublicKey secp256k1Key)
    {
        Preconditions.CheckKeyType(secp256k1Key, KeyType.Secp256k1, nameof(secp256k1Key));
        byte[] point = secp256k1Key.ToUncompressed();
        byte[] hash = Keccak256.Hash(point.AsSpan(1));
        return Checksum(Convert.ToHexStringLower(hash, 12, 20));
    }

    /// <summary>True when <paramref name="address"/> is <c>0x</c> followed by 40 hexadecimal digits of any case.</summary>
    public static bool IsWellFormed(string? address) =>
        address is { Length: HexDigits + 2 }
        && address.StartsWith("0x", StringComparison.Ordinal)
        && !address.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF");

    /// <summary>
    /// True when <paramref name="address"/> is well formed and exactly in its EIP-55 case. Never throws: malformed or
    /// null input gives false. (An all-lowercase address is not checksummed, so it passes only if no letter needs
    /// capitalising.)
    /// </summary>
    public static bool IsValidChecksum(string? address) =>
        IsWellFormed(address) && string.Equals(Checksum(address!.Substring(2).ToLowerInvariant()), address, StringComparison.Ordinal);

    /// <summary>Returns the EIP-55 form of a well-formed address given in any case.</summary>
    /// <exception cref="ArgumentException"><paramref name="address"/> is not well formed (see <see cref="IsWellFormed"/>).</exception>
    public static string ToChecksumCase(string address)
    {
        if (!IsWellFormed(address))
        {
            throw new ArgumentException("An Ethereum address is 0x followed by 40 hexadecimal digits.", nameof(address));
        }

        return Checksum(address.Substring(2).ToLowerInvariant());
    }

    private static string Checksum(string lowerHex) => AddressUtil.Current.ConvertToChecksumAddress(lowerHex);
}
