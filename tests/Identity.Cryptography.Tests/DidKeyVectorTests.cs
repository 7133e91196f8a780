using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace Identity.Cryptography.Tests;

/// <summary>
/// The did:key Method v0.7 test vectors (w3c-ccg/did-method-key @ f5abee8): for every verification method, the
/// Multikey in its id decodes to the key stated in base58 or JWK form and re-encodes exactly; JWK export matches the
/// vector; private keys derive the stated public key and sign. P-521 keys are not supported and must say so.
/// </summary>
[TestClass]
public sealed class DidKeyVectorTests
{
    public static IEnumerable<object[]> SupportedMethods => DidKeyVectors.All.Where(v => v.IsSupported).Select(v => v.Row);

    public static IEnumerable<object[]> MethodsWithSecrets =>
        DidKeyVectors.All.Where(v => v.IsSupported && v.Secret() is not null).Select(v => v.Row);

    public static IEnumerable<object[]> UnsupportedMethods => DidKeyVectors.All.Where(v => !v.IsSupported).Select(v => v.Row);

    public static IEnumerable<object[]> JwkMethods => DidKeyVectors.All.Where(v => v.IsSupported && v.PublicKeyJwk is not null).Select(v => v.Row);

    public static IEnumerable<object[]> DidsWithKeyAgreement =>
        DidKeyVectors.All.Where(v => v.Label == "keyAgreementKeyPair").Select(v => new object[] { v.File, v.Did });

    public static IEnumerable<object[]> Dids => DidKeyVectors.All.Where(v => v.IsSupported).Select(v => new object[] { v.File, v.Did }).Distinct(RowComparer.Instance);

    [TestMethod]
    public void Vectors_AllFiles_AreLoaded()
    {
        foreach (string file in DidKeyVectors.Files)
        {
            Assert.IsTrue(DidKeyVectors.All.Any(v => v.File == file), file);
        }
    }

    [TestMethod]
    [DynamicData(nameof(SupportedMethods))]
    public void DecodePublicKey_IdFragment_EqualsStatedKeyAndReEncodesExactly(string file, string did, string label)
    {
        VerificationMethodVector vector = DidKeyVectors.Find(file, did, label);

        PublicKey decoded = Multikey.DecodePublicKey(vector.Fragment).Value;

        Assert.AreEqual(vector.StatedPublicKey().Value, decoded);
        Assert.AreEqual(vector.Fragment, Multikey.EncodePublicKey(decoded));
    }

    [TestMethod]
    [DynamicData(nameof(JwkMethods))]
    public void ToJwk_DecodedKey_EqualsVectorJwk(string file, string did, string label)
    {
        VerificationMethodVector vector = DidKeyVectors.Find(file, did, label);
        JsonObject expected = vector.PublicKeyJwk!;

        JsonObject actual = JsonNode.Parse(JwkConverter.ToJson(Multikey.DecodePublicKey(vector.Fragment).Value))!.AsObject();

        foreach (string member in new[] { "kty", "crv", "x", "y" })
        {
            Assert.AreEqual((string?)expected[member], (string?)actual[member], member);
        }

        Assert.AreEqual(expected.Count, actual.Count);
    }

    [TestMethod]
    [DynamicData(nameof(MethodsWithSecrets))]
    public void ImportPrivateKey_VectorSecret_DerivesStatedKeyAndSigns(string file, string did, string label)
    {
        // Arrange
        VerificationMethodVector vector = DidKeyVectors.Find(file, did, label);
        PublicKey stated = vector.StatedPublicKey().Value;
        byte[] secret = vector.Secret()!;

        if (stated.KeyType == KeyType.X25519)
        {
            // Key agreement only: check the derivation through NSec's X25519.
            using Key agreementKey = Key.Import(KeyAgreementAlgorithm.X25519, secret, KeyBlobFormat.RawPrivateKey);
            Assert.AreEqual(Hex.Encode(stated.Bytes), Hex.Encode(agreementKey.PublicKey.Export(KeyBlobFormat.RawPublicKey)));
            return;
        }

        ISignatureAlgorithm algorithm = SignatureAlgorithms.ForKeyType(stated.KeyType).Value;
        byte[] data = Encoding.UTF8.GetBytes(did);

        // Act
        using PrivateKey key = algorithm.ImportPrivateKey(secret, PrivateKeyExport.AllowPlaintextExport).Value;
        byte[] signature = algorithm.Sign(key, data);

        // Assert
        Assert.AreEqual(stated, key.PublicKey);
        Assert.IsTrue(algorithm.Verify(stated, data, signature));
        using PrivateKey roundTripped = Multikey.DecodePrivateKey(Multikey.EncodePrivateKey(key)).Value;
        Assert.AreEqual(stated, roundTripped.PublicKey);
    }

    [TestMethod]
    [DynamicData(nameof(Dids))]
    public void DecodePublicKey_DidSuffix_EqualsFirstVerificationMethod(string file, string did)
    {
        string suffix = did["did:key:".Length..];
        VerificationMethodVector first = DidKeyVectors.All.First(v => v.File == file && v.Did == did);

        PublicKey key = Multikey.DecodePublicKey(suffix).Value;

        Assert.AreEqual(first.StatedPublicKey().Value, key);
        Assert.AreEqual(suffix, Multikey.EncodePublicKey(key));
        Assert.AreEqual(did, "did:key:" + first.Fragment);
    }

    [TestMethod]
    [DynamicData(nameof(DidsWithKeyAgreement))]
    public void KeyAgreementKey_Ed25519Did_IsConvertedVerificationKey(string file, string did)
    {
        PublicKey signing = Multikey.DecodePublicKey(did["did:key:".Length..]).Value;
        VerificationMethodVector agreement = DidKeyVectors.Find(file, did, "keyAgreementKeyPair");
        PublicKey converted = X25519Conversion.FromEd25519(signing).Value;

        Assert.AreEqual(KeyType.Ed25519, signing.KeyType);
        Assert.AreEqual(agreement.StatedPublicKey().Value, converted);
    }

    [TestMethod]
    [DynamicData(nameof(UnsupportedMethods))]
    public void DecodePublicKey_P521Vector_ReturnsUnsupportedPublicKeyType(string file, string did, string label)
    {
        VerificationMethodVector vector = DidKeyVectors.Find(file, did, label);

        Assert.AreEqual(ErrorCodes.UnsupportedPublicKeyType, Multikey.DecodePublicKey(vector.Fragment).Error?.Code);
        Assert.AreEqual(ErrorCodes.UnsupportedPublicKeyType, vector.StatedPublicKey().Error?.Code);
    }

    private sealed class RowComparer : IEqualityComparer<object[]>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(object[]? x, object[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(object[] obj) => HashCode.Combine(obj[0], obj[1]);
    }
}
