namespace Identity.Cryptography.Tests;

/// <summary>Keccak-256 (the pre-FIPS-202 padding Ethereum uses), with the commonly published digests.</summary>
[TestClass]
public sealed class Keccak256Tests
{
    [TestMethod]
    [DataRow("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [DataRow("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Hash_PublishedInput_ReturnsPublishedDigest(string input, string expected)
    {
        Assert.AreEqual(expected, Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(input))));
    }

    [TestMethod]
    public void Hash_Empty_DiffersFromSha3()
    {
        // FIPS 202 SHA3-256("") = a7ffc6f8…434a: a different padding, so a different digest.
        Assert.AreNotEqual("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", Hex.Encode(Keccak256.Hash([])));
    }

    [TestMethod]
    public void Hash_InputLongerThanRate_Returns32Bytes()
    {
        byte[] digest = Keccak256.Hash(new byte[1000]);

        Assert.HasCount(Keccak256.HashSize, digest);
    }
}
