// References: RFC 7748 "Elliptic Curves for Security", January 2016, §6.1 "Curve25519" (the Alice/Bob
// Diffie-Hellman example), https://www.rfc-editor.org/rfc/rfc7748#section-6.1 ; transcribed from the RFC text.
// X25519 itself is NSec's (the did:key key-agreement keys it checks come from X25519Conversion, see DidKeyVectorTests).
using NSec.Cryptography;
using NSecPublicKey = NSec.Cryptography.PublicKey;

namespace Identity.Cryptography.Tests.Vectors;

[TestClass]
public sealed class Rfc7748Tests
{
    private const string AlicePrivateKey = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private const string AlicePublicKey = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private const string BobPrivateKey = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private const string BobPublicKey = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private const string SharedSecretHex = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

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
    public void Import_RfcPrivateKey_DerivesRfcPublicKey(string name, string privateKey, string publicKey)
    {
        using Key key = Key.Import(KeyAgreementAlgorithm.X25519, Convert.FromHexString(privateKey), KeyBlobFormat.RawPrivateKey);

        Assert.AreEqual(publicKey, Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)), name);
    }

    [TestMethod]
    [DynamicData(nameof(Agreements))]
    public void Agree_RfcKeys_ProducesRfcSharedSecret(string name, string privateKey, string peerPublicKey)
    {
        using Key key = Key.Import(KeyAgreementAlgorithm.X25519, Convert.FromHexString(privateKey), KeyBlobFormat.RawPrivateKey);
        NSecPublicKey peer = NSecPublicKey.Import(KeyAgreementAlgorithm.X25519, Convert.FromHexString(peerPublicKey), KeyBlobFormat.RawPublicKey);

        using SharedSecret? shared = KeyAgreementAlgorithm.X25519.Agree(
            key, peer, new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

        Assert.IsNotNull(shared, name);
        Assert.AreEqual(SharedSecretHex, Convert.ToHexStringLower(shared.Export(SharedSecretBlobFormat.RawSharedSecret)), name);
    }

    [TestMethod]
    [DataRow("0000000000000000000000000000000000000000000000000000000000000000", DisplayName = "u = 0")]
    [DataRow("0100000000000000000000000000000000000000000000000000000000000000", DisplayName = "u = 1")]
    [DataRow("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", DisplayName = "order 8")]
    [DataRow("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", DisplayName = "u = p - 1")]
    public void Agree_SmallOrderPeer_IsRefused(string peerPublicKey)
    {
        // RFC 7748 §6.1: "check whether the computed value is all zeros and abort if so".
        using Key key = Key.Import(KeyAgreementAlgorithm.X25519, Convert.FromHexString(AlicePrivateKey), KeyBlobFormat.RawPrivateKey);

        bool imported = NSecPublicKey.TryImport(KeyAgreementAlgorithm.X25519, Convert.FromHexString(peerPublicKey), KeyBlobFormat.RawPublicKey, out NSecPublicKey? peer);
        using SharedSecret? shared = imported ? KeyAgreementAlgorithm.X25519.Agree(key, peer!) : null;

        Assert.IsNull(shared);
    }
}
