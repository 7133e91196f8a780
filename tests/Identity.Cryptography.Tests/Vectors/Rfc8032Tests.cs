// References: RFC 8032 "Edwards-Curve Digital Signature Algorithm (EdDSA)", January 2017,
// §7.1 "Test Vectors for Ed25519", https://www.rfc-editor.org/rfc/rfc8032#section-7.1
// Transcribed from the RFC text; hex is grouped as the RFC prints it (16 bytes per line).
namespace Identity.Cryptography.Tests.Vectors;

[TestClass]
public sealed partial class Rfc8032Tests
{
    public static IEnumerable<object[]> Vectors =>
    [
        ["TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc4" + "4449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a" + "0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a" + "84877f1eb8e5d974d873e06522490155" +
            "5fb8821590a33bacc61e39701cf9b46b" + "d25bf5f0595bbe24655141438e7a100b"],
        ["TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f" + "5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc" + "9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540" + "a2b27b5416503f8fb3762223ebdb69da" +
            "085ac1e43e15996e458f3613d0f11d8c" + "387b2eaeb4302aeeb00d291612bb0c00"],
        ["TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b1" + "66d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f058" + "0816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a3" + "0ce548a284743a445e3680d7db5ac3ac" +
            "18ff9b538d16f290ae67f760984dc659" + "4a7c15e9716ed28dc027beceea1ec40a"],
        ["TEST 1024",
            "f5e5767cf153319517630f226876b86c" + "8160cc583bc013744c6bf255f5cc0ee5",
            "278117fc144c72340f67d0f2316e8386" + "ceffbf2b2428c9c51fef7c597f1d426e",
            Test1024Message,
            "0aab4c900501b3e24d7cdf4663326a3a" + "87df5e4843b2cbdb67cbf6e460fec350" +
            "aa5371b1508f9f4528ecea23c436d94b" + "5e8fcd4f681e30a6ac00a9704a188a03"],
        ["TEST SHA(abc)",
            "833fe62409237b9d62ec77587520911e" + "9a759cec1d19755b7da901b96dca3d42",
            "ec172b93ad5e563bf4932c70e1245034" + "c35467ef2efd4d64ebf819683467e2bf",
            "ddaf35a193617abacc417349ae204131" + "12e6fa4e89a97ea20a9eeee64b55d39a" +
            "2192992a274fc1a836ba3c23a3feebbd" + "454d4423643ce80e2a9ac94fa54ca49f",
            "dc2a4459e7369633a52b1bf277839a00" + "201009a3efbf3ecb69bea2186c26b589" +
            "09351fc9ac90b3ecfdfbc7c66431e030" + "3dca179c138ac17ad9bef1177331a704"],
    ];


    private static ISignatureAlgorithm Ed25519 => SignatureAlgorithms.Ed25519;

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void ImportPrivateKey_RfcSecretKey_DerivesRfcPublicKey(string name, string secretKey, string publicKey, string message, string signature)
    {
        using PrivateKey key = Ed25519.ImportPrivateKey(Convert.FromHexString(secretKey)).Value;

        Assert.AreEqual(publicKey, Convert.ToHexStringLower(key.PublicKey.Bytes.Span), name);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Sign_RfcMessage_ReproducesSignatureByteExact(string name, string secretKey, string publicKey, string message, string signature)
    {
        using PrivateKey key = Ed25519.ImportPrivateKey(Convert.FromHexString(secretKey)).Value;

        byte[] actual = Ed25519.Sign(key, Convert.FromHexString(message));

        Assert.AreEqual(signature, Convert.ToHexStringLower(actual), name);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Verify_RfcSignature_ReturnsTrue(string name, string secretKey, string publicKey, string message, string signature)
    {
        bool valid = Verify(Convert.FromHexString(publicKey), Convert.FromHexString(message), Convert.FromHexString(signature));

        Assert.IsTrue(valid, name);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Verify_AnyFlippedBit_ReturnsFalse(string name, string secretKey, string publicKey, string message, string signature)
    {
        byte[] pk = Convert.FromHexString(publicKey);
        byte[] msg = Convert.FromHexString(message);
        byte[] sig = Convert.FromHexString(signature);

        // Every bit of the signature, a bit of the key, and the first and last message bits.
        for (int bit = 0; bit < sig.Length * 8; bit++)
        {
            Assert.IsFalse(Verify(pk, msg, Flip(sig, bit)), $"{name}: signature bit {bit}");
        }

        Assert.IsFalse(Verify(Flip(pk, 0), msg, sig), $"{name}: public key bit 0");
        if (msg.Length > 0)
        {
            Assert.IsFalse(Verify(pk, Flip(msg, 0), sig), $"{name}: message bit 0");
            Assert.IsFalse(Verify(pk, Flip(msg, (msg.Length * 8) - 1), sig), $"{name}: last message bit");
        }
    }

    // A key that is not a valid point never becomes a PublicKey, so it cannot verify anything.
    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature) =>
        PublicKey.Create(KeyType.Ed25519, publicKey).TryGetValue(out PublicKey? key) && Ed25519.Verify(key, message, signature);

    private static byte[] Flip(byte[] bytes, int bit)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
