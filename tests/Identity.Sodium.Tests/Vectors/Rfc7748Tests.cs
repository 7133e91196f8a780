// References: RFC 7748 "Elliptic Curves for Security", January 2016, §6.1 "Curve25519" (the Alice/Bob
// Diffie-Hellman example), https://www.rfc-editor.org/rfc/rfc7748#section-6.1 ; transcribed from the RFC text.
namespace Identity.Sodium.Tests.Vectors;

[TestClass]
public sealed class Rfc7748Tests
{
    private const string AlicePrivateKey = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublicKey = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivateKey = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublicKey = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string SharedSecret = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    public static IEnumerable<object[]> KeyPairs =>
    [
        ["Alice", AlicePrivateKey, AlicePublicKey],
        ["Bob", BobPrivateKey, BobPublicKey],
    ];

    public static IEnumerable<object[]> Agreements =>
    [
        ["Alice with Bob's public key", AlicePrivateKey, BobPublicKey],
        ["Bob with Alice's public key", BobPrivateKey, AlicePublicKey],
    ];

    [TestMethod]
    [DynamicData(nameof(KeyPairs))]
    public void FromBytes_RfcPrivateKey_DerivesRfcPublicKey(string name, string privateKey, string publicKey)
    {
        using X25519PrivateKey key = X25519PrivateKey.FromBytes(Convert.FromHexString(privateKey));

        Assert.AreEqual(publicKey, Convert.ToHexStringLower(key.PublicKey), name);
    }

    [TestMethod]
    [DynamicData(nameof(Agreements))]
    public void TryAgree_RfcKeys_ProducesRfcSharedSecret(string name, string privateKey, string peerPublicKey)
    {
        using X25519PrivateKey key = X25519PrivateKey.FromBytes(Convert.FromHexString(privateKey));
        Span<byte> shared = stackalloc byte[X25519.SharedSecretSize];

        bool agreed = key.TryAgree(Convert.FromHexString(peerPublicKey), shared);

        Assert.IsTrue(agreed, name);
        Assert.AreEqual(SharedSecret, Convert.ToHexStringLower(shared), name);
    }

    [TestMethod]
    [DataRow("0000000000000000000000000000000000000000000000000000000000000000", DisplayName = "u = 0")]
    [DataRow("0100000000000000000000000000000000000000000000000000000000000000", DisplayName = "u = 1")]
    [DataRow("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", DisplayName = "order 8")]
    [DataRow("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", DisplayName = "u = p - 1")]
    public void TryAgree_SmallOrderPeer_ReturnsFalseAndClearsOutput(string peerPublicKey)
    {
        // RFC 7748 §6.1: "check whether the computed value is all zeros and abort if so".
        using X25519PrivateKey key = X25519PrivateKey.FromBytes(Convert.FromHexString(AlicePrivateKey));
        byte[] shared = [.. Enumerable.Repeat((byte)0xAA, X25519.SharedSecretSize)];

        bool agreed = key.TryAgree(Convert.FromHexString(peerPublicKey), shared);

        Assert.IsFalse(agreed);
        Assert.IsTrue(shared.All(b => b == 0));
    }
}
