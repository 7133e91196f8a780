// References: EIP-191 personal_sign, https://eips.ethereum.org/EIPS/eip-191 ; Ecdsa Secp256k1 Recovery Signature 2020
//   (verification by public-key recovery against blockchainAccountId), https://identity.foundation/EcdsaSecp256k1RecoverySignature2020/
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Pkh;

/// <summary>
/// Verifies signatures made by Ethereum accounts against <c>EcdsaSecp256k1RecoveryMethod2020</c> verification methods:
/// the signer's address is recovered from the signature and must be the method's <c>blockchainAccountId</c> address.
/// Holder proofs from Ethereum wallets are EIP-191 <c>personal_sign</c> messages.
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class DidPkhSignatures
{
    /// <summary>Checks a personal_sign signature of <paramref name="message"/> against <paramref name="method"/>.</summary>
    /// <returns>True; or <c>invalidPublicKeyType</c> (not a recovery method with an eip155 account), <c>invalidSignature</c>,
    /// or <c>addressMismatch</c> (another account signed).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="method"/> is null.</exception>
    public static Result<bool> VerifyPersonalSign(VerificationMethod method, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Type != VerificationMethodTypes.EcdsaSecp256k1RecoveryMethod2020 || method.BlockchainAccountId is null
            || !DidPkhMethod.ParseAccount(method.BlockchainAccountId).IsSuccess)
        {
            return new Error(ErrorCodes.InvalidPublicKeyType,
                $"Verification method '{method.Id}' is not an {VerificationMethodTypes.EcdsaSecp256k1RecoveryMethod2020} with an eip155 blockchainAccountId.");
        }

        string address = method.BlockchainAccountId.Split(':')[2];
        return EthereumPersonalSign.Verify(address, message, signature);
    }
}
