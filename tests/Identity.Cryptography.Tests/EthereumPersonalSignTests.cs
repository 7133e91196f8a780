// References: EIP-191 (https://eips.ethereum.org/EIPS/eip-191); the vector is the web3.js 1.x documentation example of
//   web3.eth.accounts.sign('Some data', key), transcribed from https://web3js.readthedocs.io/en/v1.2.2/web3-eth-accounts.html#sign
//   (its key is the public test key also in ../shared/dependencies.md).
using System.Text;

namespace Identity.Cryptography.Tests;

[TestClass]
public sealed class EthereumPersonalSignTests
{
    private const string KeyHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private const string Address = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    private const string MessageHash = "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655";
    private const string Signature = "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes("Some data");

    [TestMethod]
    public void HashMessage_Web3Example_MatchesPublishedHash() =>
        Assert.AreEqual(MessageHash, Convert.ToHexStringLower(EthereumPersonalSign.HashMessage(s_message)));

    [TestMethod]
    public void Sign_Web3Example_ReproducesPublishedSignature()
    {
        using var key = SignatureAlgorithms.Secp256k1.ImportPrivateKey(Convert.FromHexString(KeyHex)).Value;
        Assert.AreEqual(Signature, Convert.ToHexStringLower(EthereumPersonalSign.Sign(key, s_message)));
    }

    [TestMethod]
    public void RecoverAddress_Web3Example_IsTheSignersEip55Address() =>
        Assert.AreEqual(Address, EthereumPersonalSign.RecoverAddress(s_message, Convert.FromHexString(Signature)).Value);

    [TestMethod]
    public void Verify_OtherMessage_IsAddressMismatch()
    {
        var result = EthereumPersonalSign.Verify(Address, "Some datb"u8, Convert.FromHexString(Signature));
        Assert.AreEqual(Primitives.ErrorCodes.AddressMismatch, result.Error!.Code);
    }

    [TestMethod]
    [DataRow(64, 27)]
    [DataRow(65, 29)]
    [DataRow(65, 35)]
    public void RecoverAddress_BadLengthOrV_IsInvalidSignature(int length, int v)
    {
        byte[] signature = Convert.FromHexString(Signature)[..Math.Min(length, 65)];
        if (length == 65)
        {
            signature[64] = (byte)v;
        }

        Assert.AreEqual(Primitives.ErrorCodes.InvalidSignature, EthereumPersonalSign.RecoverAddress(s_message, signature).Error!.Code);
    }
}
