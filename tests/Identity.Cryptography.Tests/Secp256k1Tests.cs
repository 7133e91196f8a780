namespace Identity.Cryptography.Tests;

/// <summary>
/// secp256k1 ECDSA with RFC 6979 nonces over SHA-256(message), low-s. Two published deterministic-signature sets,
/// both already low-s normalised:
/// <list type="bullet">
/// <item>the community set first posted on bitcointalk (topic 285142) and used by trezor-crypto and CoreBitcoin;</item>
/// <item>bitcoinjs-lib <c>test/fixtures/ecdsa.json</c> ("valid.ecdsa", DER there, r and s here), with recovery ids.</item>
/// </list>
/// </summary>
[TestClass]
public sealed class Secp256k1Tests
{
    internal const string N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private const string NMinus1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";
    private const string One = "0000000000000000000000000000000000000000000000000000000000000001";

    public static IEnumerable<object[]> CommunityVectors =>
    [
        [One, "Satoshi Nakamoto",
            "934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8",
            "2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5"],
        [One, "All those moments will be lost in time, like tears in rain. Time to die...",
            "8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b",
            "547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21"],
        [NMinus1, "Satoshi Nakamoto",
            "fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d0",
            "6b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5"],
        ["f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181", "Alan Turing",
            "7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c",
            "58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea"],
        ["e91671c46231f833a6406ccbea0e3e392c76c167bac1cb013f6f1013980455c2",
            "There is a computer disease that anybody who works with computers knows about. It's a very serious disease " +
            "and it interferes completely with the work. The trouble with computers is that you 'play' with them!",
            "b552edd27580141f3b2a5463048cb7cd3e047b97c9f98076c32dbdf85a68718b",
            "279fa72dd19bfae05577e06c7c0c1900c371fcd5893f7e1d56a37d30174671f6"],
    ];

    /// <summary>bitcoinjs-lib fixtures: private key, message, r, s, recovery id.</summary>
    public static IEnumerable<object[]> BitcoinjsVectors =>
    [
        ["01", "Everything should be made as simple as possible, but not simpler.",
            "33a69cd2065432a30f3d1ce4eb0d59b8ab58c74f27c41a7fdb5696ad4e6108c9",
            "6f807982866f785d3f6418d24163ddae117b7db4d5fdf0071de069fa54342262", 0],
        [NMinus1, "Equations are more important to me, because politics is for the present, but an equation is something for eternity.",
            "54c4a33c6423d689378f160a7ff8b61330444abb58fb470f96ea16d99d4a2fed",
            "07082304410efa6b2943111b6a4e0aaa7b7db55a07e9861d1fb3cb1f421044a5", 0],
        [NMinus1, "Not only is the Universe stranger than we think, it is stranger than we can think.",
            "ff466a9f1b7b273e2f4c3ffe032eb2e814121ed18ef84665d0f515360dab3dd0",
            "6fc95f5132e5ecfdc8e5e6e616cc77151455d46ed48f5589b7db7771a332b283", 0],
        [One, "How wonderful that we have met with a paradox. Now we have some hope of making progress.",
            "c0dafec8251f1d5010289d210232220b03202cba34ec11fec58b3e93a85b91d3",
            "75afdc06b7d6322a590955bf264e7aaa155847f614d80078a90292fe205064d3", 1],
        ["69ec59eaa1f4f2e36b639716b7c30ca86d9a5375c7b38d8918bd9c0ebc80ba64",
            "Computer science is no more about computers than astronomy is about telescopes.",
            "7186363571d65e084e7f02b0b77c3ec44fb1b257dee26274c38c928986fea45d",
            "0de0b38e06807e46bda1f1e293f4f6323e854c86d58abdd00c46c16441085df6", 0],
        ["00000000000000000000000000007246174ab1e92e9149c6e446fe194d072637",
            "...if you aren't, at any given time, scandalized by code you wrote five or even three years ago, you're not learning anywhere near enough",
            "fbfe5076a15860ba8ed00e75e9bd22e05d230f02a936b653eb55b61c99dda487",
            "0e68880ebb0050fe4312b1b1eb0899e1b82da89baa5b895f612619edf34cbd37", 1],
        ["000000000000000000000000000000000000000000056916d0f9b31dc9b637f3",
            "The question of whether computers can think is like the question of whether submarines can swim.",
            "cde1302d83f8dd835d89aef803c74a119f561fbaef3eb9129e45f30de86abbf9",
            "06ce643f5049ee1f27890467b77a6a8e11ec4661cc38cd8badf90115fbd03cef", 1],
    ];

    [TestMethod]
    [DynamicData(nameof(CommunityVectors))]
    public void Sign_CommunityVector_ReproducesSignature(string d, string message, string r, string s)
    {
        AssertSignsExactly(d, message, r, s);
    }

    [TestMethod]
    [DynamicData(nameof(BitcoinjsVectors))]
    public void Sign_BitcoinjsVector_ReproducesSignature(string d, string message, string r, string s, int recoveryId)
    {
        AssertSignsExactly(d, message, r, s);
    }

    [TestMethod]
    [DynamicData(nameof(BitcoinjsVectors))]
    public void SignRecoverable_BitcoinjsVector_ReturnsFixtureRecoveryId(string d, string message, string r, string s, int recoveryId)
    {
        using PrivateKey key = Import(d);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(message));

        byte[] signature = Secp256k1Recovery.SignRecoverable(key, hash, out int actualId);

        Assert.AreEqual(r + s, Hex.Encode(signature));
        Assert.AreEqual(recoveryId, actualId);
        Assert.AreEqual(key.PublicKey, Secp256k1Recovery.Recover(hash, signature, recoveryId).Value);
    }

    [TestMethod]
    public void ImportPrivateKey_One_DerivesGenerator()
    {
        using PrivateKey key = Import(One);

        Assert.AreEqual("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", Hex.Encode(key.PublicKey.Bytes));
    }

    [TestMethod]
    public void Verify_HighSTwinOfValidSignature_ReturnsFalse()
    {
        // Arrange: the first community vector, and its malleated twin (r, n - s), which is what a non-normalising
        // RFC 6979 signer outputs for it (e.g. the Ledger and Elixir test suites print s = dbbd3162…675c).
        using PrivateKey key = Import(One);
        byte[] data = Encoding.UTF8.GetBytes("Satoshi Nakamoto");
        byte[] signature = SignatureAlgorithms.Secp256k1.Sign(key, data);
        string highS = HighS(Hex.Encode(signature.AsSpan(32)));

        // Act
        bool lowValid = SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, signature);
        bool highValid = SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, Hex.Decode(Hex.Encode(signature.AsSpan(0, 32)) + highS));

        // Assert
        Assert.AreEqual("dbbd3162d46e9f9bef7feb87c16dc13b4f6568a87f4e83f728e2443ba586675c", highS);
        Assert.IsTrue(lowValid);
        Assert.IsFalse(highValid);
    }

    [TestMethod]
    public void Verify_ComponentZeroOrGroupOrder_ReturnsFalse()
    {
        using PrivateKey key = Import(One);
        byte[] data = Encoding.UTF8.GetBytes("foo");
        string zero = new('0', 64);

        Assert.IsFalse(SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, Hex.Decode(zero + One)), "r = 0");
        Assert.IsFalse(SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, Hex.Decode(One + zero)), "s = 0");
        Assert.IsFalse(SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, Hex.Decode(N + One)), "r = n");
        Assert.IsFalse(SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, Hex.Decode(One + N)), "s = n");
    }

    [TestMethod]
    public void ImportPrivateKey_ZeroOrGroupOrder_ReturnsInvalidPrivateKey()
    {
        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, SignatureAlgorithms.Secp256k1.ImportPrivateKey(Hex.Decode(N)).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, SignatureAlgorithms.Secp256k1.ImportPrivateKey(new byte[32]).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, SignatureAlgorithms.Secp256k1.ImportPrivateKey(new byte[33]).Error?.Code);
    }

    [TestMethod]
    public void Sign_SameInputTwice_IsDeterministic()
    {
        using PrivateKey key = SignatureAlgorithms.Secp256k1.GenerateKey();
        byte[] data = Encoding.UTF8.GetBytes("deterministic");

        Assert.AreEqual(Hex.Encode(SignatureAlgorithms.Secp256k1.Sign(key, data)), Hex.Encode(SignatureAlgorithms.Secp256k1.Sign(key, data)));
    }

    /// <summary>n - s, as 64 hex digits.</summary>
    internal static string HighS(string lowS)
    {
        var n = new System.Numerics.BigInteger(Hex.Decode(N), isUnsigned: true, isBigEndian: true);
        var s = new System.Numerics.BigInteger(Hex.Decode(lowS), isUnsigned: true, isBigEndian: true);
        return Hex.Encode((n - s).ToByteArray(isUnsigned: true, isBigEndian: true)).PadLeft(64, '0');
    }

    private static PrivateKey Import(string d) =>
        SignatureAlgorithms.Secp256k1.ImportPrivateKey(Hex.Decode(d.PadLeft(64, '0'))).Value;

    private static void AssertSignsExactly(string d, string message, string r, string s)
    {
        using PrivateKey key = Import(d);
        byte[] data = Encoding.UTF8.GetBytes(message);

        byte[] signature = SignatureAlgorithms.Secp256k1.Sign(key, data);

        Assert.AreEqual(r + s, Hex.Encode(signature));
        Assert.IsTrue(SignatureAlgorithms.Secp256k1.Verify(key.PublicKey, data, signature));
    }
}
