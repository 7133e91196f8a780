using System.Text.Json.Nodes;
using Identity.Testing;

namespace Identity.Cryptography.Tests;

/// <summary>
/// The key pairs of the W3C Data Integrity test vectors: vc-di-ecdsa @ 00781de <c>TestVectors/p256KeyPair.json</c> and
/// <c>p384KeyPair.json</c>, vc-di-eddsa @ abb673e <c>TestVectors/keyPair.json</c> (which names its secret
/// <c>privateKeyMultibase</c>). Both halves decode, the secret derives the public key, and both re-encode exactly.
/// </summary>
[TestClass]
public sealed class DataIntegrityKeyPairTests
{
    public static IEnumerable<object[]> KeyPairs =>
    [
        ["vc-di-ecdsa/TestVectors/p256KeyPair.json", KeyType.P256],
        ["vc-di-ecdsa/TestVectors/p384KeyPair.json", KeyType.P384],
        ["vc-di-eddsa/TestVectors/keyPair.json", KeyType.Ed25519],
    ];

    [TestMethod]
    [DynamicData(nameof(KeyPairs))]
    public void DecodePrivateKey_VectorSecret_DerivesVectorPublicKey(string path, KeyType type)
    {
        (string publicMultibase, string secretMultibase) = Read(path);

        PublicKey publicKey = Multikey.DecodePublicKey(publicMultibase).Value;
        using PrivateKey privateKey = Multikey.DecodePrivateKey(secretMultibase).Value;

        Assert.AreEqual(type, publicKey.KeyType);
        Assert.AreEqual(type, privateKey.KeyType);
        Assert.AreEqual(publicKey, privateKey.PublicKey);
    }

    [TestMethod]
    [DynamicData(nameof(KeyPairs))]
    public void EncodeKeys_DecodedVector_ReproducesVectorExactly(string path, KeyType type)
    {
        (string publicMultibase, string secretMultibase) = Read(path);
        using PrivateKey privateKey = Multikey.DecodePrivateKey(secretMultibase, PrivateKeyExport.AllowPlaintextExport).Value;

        Assert.AreEqual(publicMultibase, Multikey.EncodePublicKey(privateKey.PublicKey));
        Assert.AreEqual(secretMultibase, Multikey.EncodePrivateKey(privateKey));
    }

    [TestMethod]
    [DynamicData(nameof(KeyPairs))]
    public void Sign_VectorKey_VerifiesWithVectorPublicKey(string path, KeyType type)
    {
        (string publicMultibase, string secretMultibase) = Read(path);
        using PrivateKey privateKey = Multikey.DecodePrivateKey(secretMultibase).Value;
        ISignatureAlgorithm algorithm = SignatureAlgorithms.ForKeyType(type).Value;
        byte[] data = Encoding.UTF8.GetBytes(path);

        byte[] signature = algorithm.Sign(privateKey, data);

        Assert.IsTrue(algorithm.Verify(Multikey.DecodePublicKey(publicMultibase).Value, data, signature));
    }

    private static (string Public, string Secret) Read(string path)
    {
        JsonObject pair = JsonNode.Parse(File.ReadAllText(TestVectors.Path(path.Split('/'))))!.AsObject();
        string secret = (string?)pair["secretKeyMultibase"] ?? (string)pair["privateKeyMultibase"]!;
        return ((string)pair["publicKeyMultibase"]!, secret);
    }
}
