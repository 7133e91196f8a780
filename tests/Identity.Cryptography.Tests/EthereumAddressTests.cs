namespace Identity.Cryptography.Tests;

/// <summary>
/// Ethereum addresses: the key-to-address vector from the web3/ethers documentation, and the EIP-55 examples
/// (https://eips.ethereum.org/EIPS/eip-55): all caps, all lower, and mixed case.
/// </summary>
[TestClass]
public sealed class EthereumAddressTests
{
    public static IEnumerable<object[]> Eip55Examples =>
    [
        ["0x52908400098527886E0F7030069857D2E4169EE7"],
        ["0x8617E340B3D01FA5F11F306F4090FD50E238070D"],
        ["0xde709f2102306220921060314715629080e2fb77"],
        ["0x27b1fdb04752bbc536007a920d24acb045561c26"],
        ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"],
        ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"],
        ["0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"],
        ["0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"],
    ];

    [TestMethod]
    public void FromPublicKey_KnownPrivateKey_ReturnsKnownAddress()
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1
            .ImportPrivateKey(Hex.Decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")).Value;

        Assert.AreEqual("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", EthereumAddress.FromPublicKey(key.PublicKey));
    }

    [TestMethod]
    [DynamicData(nameof(Eip55Examples))]
    public void ToChecksumCase_AnyCase_ReturnsEip55Example(string example)
    {
        string lower = "0x" + example[2..].ToLowerInvariant();
        string upper = "0x" + example[2..].ToUpperInvariant();

        Assert.AreEqual(example, EthereumAddress.ToChecksumCase(lower));
        Assert.AreEqual(example, EthereumAddress.ToChecksumCase(upper));
        Assert.AreEqual(example, EthereumAddress.ToChecksumCase(example));
    }

    [TestMethod]
    [DynamicData(nameof(Eip55Examples))]
    public void IsValidChecksum_Eip55Example_ReturnsTrue(string example)
    {
        Assert.IsTrue(EthereumAddress.IsValidChecksum(example));
    }

    [TestMethod]
    [DynamicData(nameof(Eip55Examples))]
    public void IsValidChecksum_OneLetterCaseFlipped_ReturnsFalse(string example)
    {
        int index = example.AsSpan(2).IndexOfAny("abcdefABCDEF") + 2;
        char flipped = char.IsAsciiLetterUpper(example[index]) ? char.ToLowerInvariant(example[index]) : char.ToUpperInvariant(example[index]);
        string tampered = string.Concat(example.AsSpan(0, index), new ReadOnlySpan<char>(in flipped), example.AsSpan(index + 1));

        Assert.IsFalse(EthereumAddress.IsValidChecksum(tampered));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("0x")]
    [DataRow("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [DataRow("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [DataRow("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [DataRow("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")]
    [DataRow("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")]
    public void IsValidChecksum_Malformed_ReturnsFalse(string? address)
    {
        Assert.IsFalse(EthereumAddress.IsValidChecksum(address));
        Assert.IsFalse(EthereumAddress.IsWellFormed(address));
    }

    [TestMethod]
    public void ToChecksumCase_Malformed_ThrowsArgumentException()
    {
        Assert.ThrowsExactly<ArgumentException>(() => EthereumAddress.ToChecksumCase("0x1234"));
    }

    [TestMethod]
    public void FromPublicKey_NotSecp256k1_ThrowsArgumentException()
    {
        PublicKey key = Registry.NewPublicKey(KeyType.P256);

        Assert.ThrowsExactly<ArgumentException>(() => EthereumAddress.FromPublicKey(key));
    }
}
