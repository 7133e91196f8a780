// References:
//   EIP-191: Signed Data Standard (2016), version 0x45 ("\x19Ethereum Signed Message:\n" + len(message) + message),
//     https://eips.ethereum.org/EIPS/eip-191
//   JSON-RPC personal_sign / eth_sign (65-byte r || s || v, v = 27 + recovery id), https://ethereum.org/en/developers/docs/apis/json-rpc/
using Identity.Primitives;
using Nethereum.Signer;

namespace Identity.Cryptography;

/// <summary>
/// EIP-191 <c>personal_sign</c> messages, as Ethereum wallets sign them: hash, sign (65 bytes r || s || v) and
/// recover the signer's address.
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class EthereumPersonalSign
{
    /// <summary>The byte length of a personal_sign signature: r (32) || s (32) || v (1).</summary>
    public const int SignatureSize = 65;

    /// <summary>Keccak-256 of the EIP-191 version 0x45 envelope of <paramref name="message"/>.</summary>
    public static byte[] HashMessage(ReadOnlySpan<byte> message) => new EthereumMessageSigner().HashPrefixedMessage(message.ToArray());

    /// <summary>Signs <paramref name="message"/> as <c>personal_sign</c> does: 65 bytes r || s || v with v = 27 or 28.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a secp256k1 key.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static byte[] Sign(PrivateKey key, ReadOnlySpan<byte> message)
    {
        byte[] rs = Secp256k1Recovery.SignRecoverable(key, HashMessage(message), out int recoveryId);
        byte[] signature = new byte[SignatureSize];
        rs.CopyTo(signature, 0);
        signature[64] = (byte)(27 + recoveryId);
        return signature;
    }

    /// <summary>Recovers the EIP-55 address that signed <paramref name="message"/>; v may be 27/28 or 0/1.</summary>
    /// <returns>The address, or <c>invalidSignature</c> (wrong length, bad v, high-s, no such key).</returns>
    public static Result<string> RecoverAddress(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return new Error(ErrorCodes.InvalidSignature, $"A personal_sign signature has {SignatureSize} bytes, not {signature.Length}.");
        }

        int v = signature[64];
        int recoveryId = v >= 27 ? v - 27 : v;
        if (recoveryId is not (0 or 1))
        {
            return new Error(ErrorCodes.InvalidSignature, $"The signature's v ({v}) must be 27 or 28 (or 0 or 1).");
        }

        return Secp256k1Recovery.Recover(HashMessage(message), signature[..64], recoveryId).Map(EthereumAddress.FromPublicKey);
    }

    /// <summary>Checks that <paramref name="address"/> (any case) signed <paramref name="message"/>.</summary>
    /// <returns>True, or <c>invalidSignature</c>, or <c>addressMismatch</c> when another account signed.</returns>
    public static Result<bool> Verify(string address, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(address);
        var recovered = RecoverAddress(message, signature);
        if (!recovered.IsSuccess)
        {
            return recovered.Error!;
        }

        return string.Equals(recovered.Value, address, StringComparison.OrdinalIgnoreCase)
            ? true
            : new Error(ErrorCodes.AddressMismatch, $"The signature recovers to {recovered.Value}, not to {address}.");
    }
}
