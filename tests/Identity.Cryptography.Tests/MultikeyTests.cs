namespace Identity.Cryptography.Tests;

/// <summary>Multikey (W3C Controlled Identifiers v1.0 §2.2.2) encoding of public and private keys.</summary>
[TestClass]
public sealed class MultikeyTests
{
    [TestMethod]
    [DynamicData(nameof(Registry.KeyTypes), typeof(Registry))]
    public void DecodePublicKey_EncodedKey_RoundTrips(KeyType type)
    {
        PublicKey key = Registry.NewPublicKey(type);

        string encoded = Multikey.EncodePublicKey(key);
        PublicKey decoded = Multikey.DecodePublicKey(encoded).Value;

        Assert.AreEqual(key, decoded);
        Assert.AreEqual(encoded, Multikey.EncodePublicKey(decoded));
    }

    [TestMethod]
    [DataRow(KeyType.Ed25519, "z6Mk")]
    [DataRow(KeyType.X25519, "z6LS")]
    [DataRow(KeyType.P256, "zDna")]
    [DataRow(KeyType.P384, "z82L")]
    [DataRow(KeyType.Secp256k1, "zQ3s")]
    public void EncodePublicKey_AnyKey_HasWellKnownPrefix(KeyType type, string prefix)
    {
        string encoded = Multikey.EncodePublicKey(Registry.NewPublicKey(type));

        Assert.StartsWith(prefix, encoded);
    }

    [TestMethod]
    public void EncodePublicKey_ZeroSeedEd25519_MatchesDidKeySpec()
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(new byte[32]).Value;

        Assert.AreEqual("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", Multikey.EncodePublicKey(key.PublicKey));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.SignatureAlgorithmNames), typeof(Registry))]
    public void DecodePrivateKey_EncodedKey_RoundTrips(string algorithmName)
    {
        using PrivateKey key = Registry.Algorithm(algorithmName).GenerateKey(PrivateKeyExport.AllowPlaintextExport);

        string encoded = Multikey.EncodePrivateKey(key);
        using PrivateKey decoded = Multikey.DecodePrivateKey(encoded, PrivateKeyExport.AllowPlaintextExport).Value;

        Assert.AreEqual(key.KeyType, decoded.KeyType);
        Assert.AreEqual(key.PublicKey, decoded.PublicKey);
        Assert.AreEqual(encoded, Multikey.EncodePrivateKey(decoded));
    }

    [TestMethod]
    [DataRow("", ErrorCodes.InvalidMultibase, "empty")]
    [DataRow("6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", ErrorCodes.InvalidMultibase, "no multibase prefix")]
    [DataRow("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0", ErrorCodes.InvalidMultibase, "'0' is not base58btc")]
    [DataRow("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWl", ErrorCodes.InvalidMultibase, "'l' is not base58btc")]
    [DataRow("z", ErrorCodes.InvalidMulticodec, "no codec")]
    public void DecodePublicKey_MalformedEncoding_ReturnsError(string value, string code, string because)
    {
        Assert.AreEqual(code, Multikey.DecodePublicKey(value).Error?.Code, because);
    }

    [TestMethod]
    public void DecodePublicKey_TruncatedVarint_ReturnsInvalidMulticodec()
    {
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, [0x80]);

        Assert.AreEqual(ErrorCodes.InvalidMulticodec, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    public void DecodePublicKey_NonMinimalVarint_ReturnsInvalidMulticodec()
    {
        byte[] key = Registry.NewPublicKey(KeyType.Ed25519).Bytes.ToArray();
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, [0xed, 0x81, 0x00, .. key]);

        Assert.AreEqual(ErrorCodes.InvalidMulticodec, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    [DataRow(0x1202UL, 67, "P-521")]
    [DataRow(0x1205UL, 270, "RSA")]
    [DataRow(0xeaUL, 48, "BLS12-381 G1")]
    [DataRow(Multicodec.Ed25519Priv, 32, "a private key")]
    [DataRow(0x12UL, 32, "SHA-256 (not a key)")]
    public void DecodePublicKey_UnsupportedCodec_ReturnsUnsupportedPublicKeyType(ulong codec, int length, string because)
    {
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(codec, new byte[length]));

        Assert.AreEqual(ErrorCodes.UnsupportedPublicKeyType, Multikey.DecodePublicKey(value).Error?.Code, because);
    }

    [TestMethod]
    [DataRow(Multicodec.Ed25519Pub, 31)]
    [DataRow(Multicodec.X25519Pub, 33)]
    [DataRow(Multicodec.P256Pub, 32)]
    [DataRow(Multicodec.P384Pub, 33)]
    [DataRow(Multicodec.Secp256k1Pub, 34)]
    public void DecodePublicKey_WrongLength_ReturnsInvalidPublicKeyLength(ulong codec, int length)
    {
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(codec, new byte[length]));

        Assert.AreEqual(ErrorCodes.InvalidPublicKeyLength, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    [DataRow(KeyType.P256)]
    [DataRow(KeyType.P384)]
    [DataRow(KeyType.Secp256k1)]
    public void DecodePublicKey_UncompressedEcPoint_ReturnsInvalidPublicKeyLength(KeyType type)
    {
        PublicKey key = Registry.NewPublicKey(type);
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(Multikey.PublicCodec(type), key.ToUncompressed()));

        Assert.AreEqual(ErrorCodes.InvalidPublicKeyLength, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    public void DecodePublicKey_ValidKeyInBase64Url_ReturnsInvalidMultibase()
    {
        PublicKey key = Registry.NewPublicKey(KeyType.Ed25519);
        string value = Multibase.Encode(MultibaseEncoding.Base64Url, Multicodec.Prefix(Multicodec.Ed25519Pub, key.Bytes.Span));

        Assert.AreEqual(ErrorCodes.InvalidMultibase, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    public void DecodePublicKey_PointNotOnCurve_ReturnsInvalidPublicKey()
    {
        byte[] bytes = Registry.NewPublicKey(KeyType.P256).Bytes.ToArray();
        bytes[0] = 0x05;
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(Multicodec.P256Pub, bytes));

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    public void DecodePublicKey_VeryLongInput_ReturnsInvalidMultibaseQuickly()
    {
        string value = "z" + new string('2', 100_000);

        Assert.AreEqual(ErrorCodes.InvalidMultibase, Multikey.DecodePublicKey(value).Error?.Code);
    }

    [TestMethod]
    [DataRow(Multicodec.Ed25519Priv, 31, ErrorCodes.InvalidPrivateKey)]
    [DataRow(Multicodec.P256Priv, 32, ErrorCodes.InvalidPrivateKey)]
    [DataRow(Multicodec.P384Priv, 32, ErrorCodes.InvalidPrivateKey)]
    [DataRow(Multicodec.Secp256k1Priv, 32, ErrorCodes.InvalidPrivateKey)]
    [DataRow(Multicodec.Ed25519Pub, 32, ErrorCodes.UnsupportedPublicKeyType)]
    [DataRow(0x1302UL, 32, ErrorCodes.UnsupportedPublicKeyType)]
    public void DecodePrivateKey_BadSecret_ReturnsError(ulong codec, int length, string code)
    {
        // All-zero scalars are out of range for ECDSA, and a short seed is the wrong length.
        string value = Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(codec, new byte[length]));

        Assert.AreEqual(code, Multikey.DecodePrivateKey(value).Error?.Code);
    }

    [TestMethod]
    public void EncodePrivateKey_DisposedKey_ThrowsObjectDisposed()
    {
        PrivateKey key = SignatureAlgorithms.P256.GenerateKey();
        key.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => Multikey.EncodePrivateKey(key));
    }

    [TestMethod]
    public void EncodeAndDecode_Null_ThrowArgumentNull()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => Multikey.EncodePublicKey(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => Multikey.DecodePublicKey(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => Multikey.DecodePrivateKey(null!));
    }
}
