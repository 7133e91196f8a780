namespace Identity.Cryptography.Tests;

/// <summary>
/// RFC 6979 (August 2013) Appendix A.2.5 (P-256) and A.2.6 (P-384), transcribed from the RFC text
/// (https://www.rfc-editor.org/rfc/rfc6979#appendix-A.2.5). The platform's ECDSA signs with random nonces, so the
/// RFC's deterministic (r, s) are checked through verification; key derivation is checked exactly.
/// </summary>
[TestClass]
public sealed class Rfc6979Tests
{
    private const string P256PrivateKey = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
    private const string P256Ux = "60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6";
    private const string P256Uy = "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299";
    private const string P256Q = "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551";

    private const string P384PrivateKey =
        "6B9D3DAD2E1B8C1C05B19875B6659F4DE23C3B667BF297BA9AA47740787137D896D5724E4C70A825F872C9EA60D2EDF5";
    private const string P384Ux =
        "EC3A4E415B4E19A4568618029F427FA5DA9A8BC4AE92E02E06AAE5286B300C64DEF8F0EA9055866064A254515480BC13";
    private const string P384Uy =
        "8015D9B72D7D57244EA8EF9AC0C621896708A59367F9DFB9F54CA84B3F1C9DB1288B231C3AE0D4FE7344FD2533264720";
    private const string P384Q =
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973";

    public static IEnumerable<object[]> Keys =>
    [
        ["P-256", P256PrivateKey, P256Ux, P256Uy],
        ["P-384", P384PrivateKey, P384Ux, P384Uy],
    ];

    /// <summary>The SHA-256 rows of A.2.5 and the SHA-384 rows of A.2.6: the hashes our algorithms use.</summary>
    public static IEnumerable<object[]> Signatures =>
    [
        ["P-256", "sample",
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
            "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8"],
        ["P-256", "test",
            "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
            "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083"],
        ["P-384", "sample",
            "94EDBB92A5ECB8AAD4736E56C691916B3F88140666CE9FA73D64C4EA95AD133C81A648152E44ACF96E36DD1E80FABE46",
            "99EF4AEB15F178CEA1FE40DB2603138F130E740A19624526203B6351D0A3A94FA329C145786E679E7B82C71A38628AC8"],
        ["P-384", "test",
            "8203B63D3C853E8D77227FB377BCF7B7B772E97892A80F36AB775D509D7A5FEB0542A7F0812998DA8F1DD3CA3CF023DB",
            "DDD0760448D42D8A43AF45AF836FCE4DE8BE06B485E9B61B827C2F13173923E06A739F040649A667BF3B828246BAA5A5"],
    ];

    [TestMethod]
    [DynamicData(nameof(Keys))]
    public void ImportPrivateKey_RfcKey_DerivesRfcPublicKey(string curve, string x, string ux, string uy)
    {
        using PrivateKey key = Registry.Algorithm(curve).ImportPrivateKey(Hex.Decode(x)).Value;

        (byte[] actualX, byte[] actualY) = key.PublicKey.GetAffineCoordinates();
        Assert.AreEqual(ux, Convert.ToHexString(actualX));
        Assert.AreEqual(uy, Convert.ToHexString(actualY));
    }

    [TestMethod]
    [DynamicData(nameof(Keys))]
    public void ExportPrivateKey_RfcKey_RoundTripsScalar(string curve, string x, string ux, string uy)
    {
        using PrivateKey key = Registry.Algorithm(curve).ImportPrivateKey(Hex.Decode(x), PrivateKeyExport.AllowPlaintextExport).Value;

        using PrivateKey decoded = Multikey.DecodePrivateKey(Multikey.EncodePrivateKey(key)).Value;

        Assert.AreEqual(key.PublicKey, decoded.PublicKey);
        Assert.AreEqual(ux + uy, Convert.ToHexString(decoded.PublicKey.ToUncompressed().AsSpan(1)));
    }

    [TestMethod]
    [DynamicData(nameof(Signatures))]
    public void Verify_RfcSignature_ReturnsTrue(string curve, string message, string r, string s)
    {
        PublicKey key = RfcPublicKey(curve);

        bool valid = Registry.Algorithm(curve).Verify(key, Encoding.UTF8.GetBytes(message), Hex.Decode(r + s));

        Assert.IsTrue(valid);
    }

    [TestMethod]
    [DynamicData(nameof(Signatures))]
    public void Verify_RfcSignatureOverOtherMessage_ReturnsFalse(string curve, string message, string r, string s)
    {
        PublicKey key = RfcPublicKey(curve);

        bool valid = Registry.Algorithm(curve).Verify(key, Encoding.UTF8.GetBytes(message + "!"), Hex.Decode(r + s));

        Assert.IsFalse(valid);
    }

    [TestMethod]
    [DynamicData(nameof(Signatures))]
    public void Verify_RfcSignatureWithRAndSSwapped_ReturnsFalse(string curve, string message, string r, string s)
    {
        PublicKey key = RfcPublicKey(curve);

        bool valid = Registry.Algorithm(curve).Verify(key, Encoding.UTF8.GetBytes(message), Hex.Decode(s + r));

        Assert.IsFalse(valid);
    }

    [TestMethod]
    [DataRow("P-256", P256Q)]
    [DataRow("P-384", P384Q)]
    public void Verify_ComponentZeroOrGroupOrder_ReturnsFalse(string curve, string q)
    {
        PublicKey key = RfcPublicKey(curve);
        ISignatureAlgorithm algorithm = Registry.Algorithm(curve);
        string zero = new('0', q.Length);
        string one = zero[..^1] + "1";
        byte[] data = Encoding.UTF8.GetBytes("sample");

        Assert.IsFalse(algorithm.Verify(key, data, Hex.Decode(zero + one)), "r = 0");
        Assert.IsFalse(algorithm.Verify(key, data, Hex.Decode(one + zero)), "s = 0");
        Assert.IsFalse(algorithm.Verify(key, data, Hex.Decode(q + one)), "r = n");
        Assert.IsFalse(algorithm.Verify(key, data, Hex.Decode(one + q)), "s = n");
    }

    [TestMethod]
    [DataRow("P-256", P256Q)]
    [DataRow("P-384", P384Q)]
    public void ImportPrivateKey_ScalarZeroOrGroupOrder_ReturnsInvalidPrivateKey(string curve, string q)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(curve);

        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, algorithm.ImportPrivateKey(Hex.Decode(q)).Error?.Code, "d = n");
        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, algorithm.ImportPrivateKey(new byte[q.Length / 2]).Error?.Code, "d = 0");
        Assert.AreEqual(ErrorCodes.InvalidPrivateKey, algorithm.ImportPrivateKey(new byte[(q.Length / 2) - 1]).Error?.Code, "short");
    }

    [TestMethod]
    [DynamicData(nameof(Keys))]
    public void Sign_RfcKey_VerifiesWithRfcPublicKey(string curve, string x, string ux, string uy)
    {
        ISignatureAlgorithm algorithm = Registry.Algorithm(curve);
        using PrivateKey key = algorithm.ImportPrivateKey(Hex.Decode(x)).Value;
        byte[] data = Encoding.UTF8.GetBytes("sample");

        byte[] signature = algorithm.Sign(key, data);

        Assert.IsTrue(algorithm.Verify(PublicKey.Create(key.KeyType, Hex.Decode("04" + ux + uy)).Value, data, signature));
    }

    private static PublicKey RfcPublicKey(string curve)
    {
        string uncompressed = curve == "P-256" ? "04" + P256Ux + P256Uy : "04" + P384Ux + P384Uy;
        return PublicKey.Create(curve == "P-256" ? KeyType.P256 : KeyType.P384, Hex.Decode(uncompressed)).Value;
    }
}
