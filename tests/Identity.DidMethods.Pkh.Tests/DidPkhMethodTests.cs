// References: did:pkh Method Specification (W3C-CCG), example eip155 DIDs transcribed from its text,
//   https://github.com/w3c-ccg/did-pkh/blob/main/did-pkh-method-draft.md ; EIP-55 examples, https://eips.ethereum.org/EIPS/eip-55 ;
//   the address vector of ../shared/dependencies.md and the web3.js personal_sign example.
using System.Text;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.DidMethods.Pkh.Tests;

[TestClass]
public sealed class DidPkhMethodTests : DidMethodContractTests
{
    private const string KeyHex = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private const string KnownDid = "did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

    protected override IDidMethod Method { get; } = new DidPkhMethod();

    protected override IReadOnlyList<KeyType> SupportedKeyTypes { get; } = [KeyType.Secp256k1];

    protected override IReadOnlyList<string> MalformedDids { get; } =
    [
        "did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c2",      // 39 digits
        "did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65C23",     // mixed case, checksum broken
        "did:pkh:eip155:1:2c7536E3605D9C16a7a3D7b1898e529396a65c23",       // no 0x
        "did:pkh:eip155::0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",      // empty chain id
        "did:pkh:eip155:x1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23",    // chain id not digits
        "did:pkh:bip122:000000000019d6689c085ae165831e93:128Lkh3S7CkDTBZ8W7BbpsN3YYizJMp8p6", // another namespace
        "did:pkh:eip155:1",
    ];

    protected override Did CreateDid(PublicKey key) => DidPkhMethod.CreateDid(key);

    protected override bool Carries(VerificationMethod method, PublicKey key) =>
        method.Type == VerificationMethodTypes.EcdsaSecp256k1RecoveryMethod2020
        && method.BlockchainAccountId == $"eip155:1:{EthereumAddress.FromPublicKey(key)}";

    [TestMethod]
    public void CreateDid_DependenciesVector_IsTheEip55Address()
    {
        using var key = SignatureAlgorithms.Secp256k1.ImportPrivateKey(Convert.FromHexString(KeyHex)).Value;
        Assert.AreEqual(KnownDid, DidPkhMethod.CreateDid(key.PublicKey).Value);
    }

    [TestMethod]
    [DataRow("did:pkh:eip155:1:0xb9c5714089478a327f09197987f16f9e5d936e8a")]
    [DataRow("did:pkh:eip155:1:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [DataRow("did:pkh:eip155:137:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [DataRow("did:pkh:eip155:1:0x52908400098527886E0F7030069857D2E4169EE7")]
    public async Task Resolve_SpecAndEip55Examples_GiveOneRecoveryMethod(string did)
    {
        var result = await new DidResolver([Method]).ResolveAsync(did);

        Assert.IsTrue(result.IsSuccess, result.Error?.Detail);
        var method = result.Document!.VerificationMethod.Single();
        Assert.AreEqual(did + "#blockchainAccountId", method.Id);
        Assert.AreEqual(VerificationMethodTypes.EcdsaSecp256k1RecoveryMethod2020, method.Type);
        Assert.AreEqual(did["did:pkh:".Length..], method.BlockchainAccountId);
        Assert.AreEqual(method.Id, result.Document.AssertionMethod.Single().Id);
        Assert.AreEqual(method.Id, result.Document.Authentication.Single().Id);
    }

    [TestMethod]
    public async Task VerifyPersonalSign_HolderProofFromTheAccount_Verifies_AndFromAnotherAccount_IsAddressMismatch()
    {
        // Arrange
        using var holder = SignatureAlgorithms.Secp256k1.ImportPrivateKey(Convert.FromHexString(KeyHex)).Value;
        using var other = SignatureAlgorithms.Secp256k1.GenerateKey();
        var method = (await new DidResolver([Method]).ResolveVerificationMethodAsync(KnownDid + "#blockchainAccountId", VerificationRelationship.Authentication)).Value;
        byte[] message = Encoding.UTF8.GetBytes("identity.example wants you to prove control of " + KnownDid + "\nchallenge: 5f2c");

        // Act
        var honest = DidPkhSignatures.VerifyPersonalSign(method, message, EthereumPersonalSign.Sign(holder, message));
        var impostor = DidPkhSignatures.VerifyPersonalSign(method, message, EthereumPersonalSign.Sign(other, message));
        var replayed = DidPkhSignatures.VerifyPersonalSign(method, Encoding.UTF8.GetBytes("another challenge"), EthereumPersonalSign.Sign(holder, message));

        // Assert
        Assert.IsTrue(honest.IsSuccess, honest.Error?.Detail);
        Assert.AreEqual(ErrorCodes.AddressMismatch, impostor.Error!.Code);
        Assert.AreEqual(ErrorCodes.AddressMismatch, replayed.Error!.Code);
    }

    [TestMethod]
    public void VerifyPersonalSign_NotARecoveryMethod_IsInvalidPublicKeyType()
    {
        using var key = SignatureAlgorithms.Secp256k1.GenerateKey();
        var method = VerificationMethod.FromMultikey("did:example:a#k", "did:example:a", key.PublicKey);
        Assert.AreEqual(ErrorCodes.InvalidPublicKeyType, DidPkhSignatures.VerifyPersonalSign(method, "m"u8, new byte[65]).Error!.Code);
    }
}
