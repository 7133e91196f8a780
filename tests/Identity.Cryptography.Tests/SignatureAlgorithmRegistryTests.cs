using Microsoft.IdentityModel.Tokens;

namespace Identity.Cryptography.Tests;

/// <summary>The contract every registered signature algorithm must meet, run once per entry of <see cref="SignatureAlgorithms.All"/>.</summary>
[TestClass]
public sealed class SignatureAlgorithmRegistryTests
{
    private static readonly byte[] s_data = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Sign_GeneratedKey_VerifiesWithItsPublicKey(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        using PrivateKey key = algorithm.GenerateKey();

        byte[] signature = algorithm.Sign(key, s_data);

        Assert.AreEqual(algorithm.KeyType, key.KeyType);
        Assert.HasCount(algorithm.SignatureSize, signature);
        Assert.IsTrue(algorithm.Verify(key.PublicKey, s_data, signature));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Verify_TamperedDataOrSignature_ReturnsFalse(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        using PrivateKey key = algorithm.GenerateKey();
        byte[] signature = algorithm.Sign(key, s_data);
        byte[] tamperedData = [.. s_data];
        tamperedData[0] ^= 0x01;

        for (int i = 0; i < signature.Length; i += 7)
        {
            byte[] tamperedSignature = [.. signature];
            tamperedSignature[i] ^= 0x80;
            Assert.IsFalse(algorithm.Verify(key.PublicKey, s_data, tamperedSignature), $"byte {i}");
        }

        Assert.IsFalse(algorithm.Verify(key.PublicKey, tamperedData, signature));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Verify_OtherKeyOfSameType_ReturnsFalse(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        using PrivateKey key = algorithm.GenerateKey();
        using PrivateKey other = algorithm.GenerateKey();

        Assert.IsFalse(algorithm.Verify(other.PublicKey, s_data, algorithm.Sign(key, s_data)));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Verify_MalformedInput_ReturnsFalseWithoutThrowing(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        using PrivateKey key = algorithm.GenerateKey();
        byte[] signature = algorithm.Sign(key, s_data);

        foreach (int length in new[] { 0, 1, algorithm.SignatureSize - 1, algorithm.SignatureSize + 1, 2 * algorithm.SignatureSize })
        {
            Assert.IsFalse(algorithm.Verify(key.PublicKey, s_data, new byte[length]), $"length {length}");
        }

        Assert.IsFalse(algorithm.Verify(key.PublicKey, s_data, new byte[algorithm.SignatureSize]), "all zero");
        Assert.IsFalse(algorithm.Verify(key.PublicKey, s_data, Enumerable.Repeat((byte)0xff, algorithm.SignatureSize).ToArray()), "all ones");
        foreach (KeyType other in Enum.GetValues<KeyType>().Where(t => t != algorithm.KeyType))
        {
            Assert.IsFalse(algorithm.Verify(Registry.NewPublicKey(other), s_data, signature), $"{other} key");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Sign_KeyOfOtherAlgorithm_ThrowsArgumentException(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        ISignatureAlgorithm other = SignatureAlgorithms.All.First(a => a != algorithm);
        using PrivateKey key = other.GenerateKey();

        Assert.ThrowsExactly<ArgumentException>(() => algorithm.Sign(key, s_data));
        Assert.ThrowsExactly<ArgumentNullException>(() => algorithm.Sign(null!, s_data));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Sign_DisposedKey_ThrowsObjectDisposed(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        PrivateKey key = algorithm.GenerateKey();
        key.Dispose();
        key.Dispose();

        Assert.IsTrue(key.IsDisposed);
        Assert.ThrowsExactly<ObjectDisposedException>(() => algorithm.Sign(key, s_data));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void ImportPrivateKey_ExportedSecret_RestoresSameKey(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        using PrivateKey key = algorithm.GenerateKey(PrivateKeyExport.AllowPlaintextExport);

        using PrivateKey restored = Multikey.DecodePrivateKey(Multikey.EncodePrivateKey(key)).Value;

        Assert.AreEqual(key.PublicKey, restored.PublicKey);
        Assert.IsTrue(algorithm.Verify(key.PublicKey, s_data, algorithm.Sign(restored, s_data)));
        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, algorithm.ImportPrivateKey(new byte[algorithm.PrivateKeySize + 1]).Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void ExportSecret_KeyCreatedWithoutExportPolicy_Throws(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);
        using PrivateKey generated = algorithm.GenerateKey();
        using PrivateKey exportable = algorithm.GenerateKey(PrivateKeyExport.AllowPlaintextExport);
        byte[] secret = new byte[algorithm.PrivateKeySize];
        exportable.ExportSecret(secret);
        using PrivateKey imported = algorithm.ImportPrivateKey(secret).Value;

        Assert.IsFalse(generated.IsExportable);
        Assert.IsFalse(imported.IsExportable);
        Assert.IsTrue(exportable.IsExportable);
        Assert.ThrowsExactly<InvalidOperationException>(() => generated.ExportSecret(new byte[algorithm.PrivateKeySize]));
        Assert.ThrowsExactly<InvalidOperationException>(() => imported.ExportSecret(new byte[algorithm.PrivateKeySize]));
        Assert.ThrowsExactly<InvalidOperationException>(() => Multikey.EncodePrivateKey(generated));
        Assert.AreEqual(exportable.PublicKey, imported.PublicKey);
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void PublicKey_MultikeyAndJwk_RoundTrip(string name)
    {
        using PrivateKey key = Registry.Algorithm(name).GenerateKey();

        JsonWebKey jwk = JwkConverter.ToJwk(key.PublicKey);

        Assert.AreEqual(key.PublicKey, Multikey.DecodePublicKey(Multikey.EncodePublicKey(key.PublicKey)).Value);
        Assert.AreEqual(key.PublicKey, JwkConverter.FromJwk(jwk).Value);
        Assert.AreEqual(name, jwk.Crv);
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void Lookup_ByKeyTypeAndJwsAlgorithm_ReturnsSameInstance(string name)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(name);

        Assert.AreSame(algorithm, SignatureAlgorithms.ForKeyType(algorithm.KeyType).Value);
        Assert.AreSame(algorithm, SignatureAlgorithms.ForJwsAlgorithm(algorithm.JwsAlgorithm).Value);
    }

    [TestMethod]
    public void All_ListsTheFourAlgorithmsWithTheirParameters()
    {
        string actual = string.Join(", ", SignatureAlgorithms.All.Select(a => $"{a.Name}/{a.JwsAlgorithm}/{a.KeyType}/{a.SignatureSize}"));

        Assert.AreEqual("Ed25519/EdDSA/Ed25519/64, P-256/ES256/P256/64, P-384/ES384/P384/96, secp256k1/ES256K/Secp256k1/64", actual);
    }

    [TestMethod]
    [DataRow("es256")]
    [DataRow("ES256K-R")]
    [DataRow("RS256")]
    [DataRow("none")]
    [DataRow("")]
    public void ForJwsAlgorithm_Unknown_ReturnsUnsupportedAlgorithm(string alg)
    {
        Assert.AreEqual(ErrorCodes.UnsupportedAlgorithm, SignatureAlgorithms.ForJwsAlgorithm(alg).Error?.Code);
    }

    [TestMethod]
    public void ForKeyType_X25519_ReturnsUnsupportedAlgorithm()
    {
        Assert.AreEqual(ErrorCodes.UnsupportedAlgorithm, SignatureAlgorithms.ForKeyType(KeyType.X25519).Error?.Code);
    }
}
