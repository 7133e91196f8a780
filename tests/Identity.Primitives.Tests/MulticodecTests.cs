namespace Identity.Primitives.Tests;

/// <summary>
/// Multicodec prefixes as unsigned varints (multiformats/unsigned-varint), including the spec's examples and its
/// rules: at most 9 bytes, minimal encoding only.
/// </summary>
[TestClass]
public sealed class MulticodecTests
{
    [TestMethod]
    [DataRow(0x01UL, "01")]
    [DataRow(0x7fUL, "7f")]
    [DataRow(0x80UL, "8001")]
    [DataRow(0xffUL, "ff01")]
    [DataRow(0x012cUL, "ac02")]
    [DataRow(0x4000UL, "808001")]
    [DataRow(Multicodec.Ed25519Pub, "ed01")]
    [DataRow(Multicodec.X25519Pub, "ec01")]
    [DataRow(Multicodec.Secp256k1Pub, "e701")]
    [DataRow(Multicodec.P256Pub, "8024")]
    [DataRow(Multicodec.P384Pub, "8124")]
    [DataRow(Multicodec.Ed25519Priv, "8026")]
    [DataRow(Multicodec.Secp256k1Priv, "8126")]
    [DataRow(Multicodec.P256Priv, "8626")]
    [DataRow(Multicodec.P384Priv, "8726")]
    [DataRow(Multicodec.MaxCode, "ffffffffffffffff7f")]
    public void Prefix_Code_WritesSpecVarint(ulong code, string hex)
    {
        byte[] prefixed = Multicodec.Prefix(code, [0xAA, 0xBB]);

        Assert.AreEqual(hex + "aabb", Convert.ToHexStringLower(prefixed));
    }

    [TestMethod]
    [DataRow(0UL)]
    [DataRow(0x7fUL)]
    [DataRow(0x80UL)]
    [DataRow(0x1307UL)]
    [DataRow(0x3fffUL)]
    [DataRow(0x4000UL)]
    [DataRow(0xffffffffUL)]
    [DataRow(Multicodec.MaxCode)]
    public void Split_PrefixedData_RoundTrips(ulong code)
    {
        byte[] data = [1, 2, 3];

        (ulong actualCode, byte[] actualData) = Multicodec.Split(Multicodec.Prefix(code, data)).Value;

        Assert.AreEqual(code, actualCode);
        CollectionAssert.AreEqual(data, actualData);
    }

    [TestMethod]
    public void Split_CodeOnly_ReturnsEmptyData()
    {
        (ulong code, byte[] data) = Multicodec.Split([0xed, 0x01]).Value;

        Assert.AreEqual(Multicodec.Ed25519Pub, code);
        Assert.IsEmpty(data);
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("80", "truncated after a continuation byte")]
    [DataRow("ffff", "truncated")]
    [DataRow("8100", "non-minimal: 0x01 in two bytes")]
    [DataRow("ed8100", "non-minimal: trailing zero group")]
    [DataRow("8000", "non-minimal: zero in two bytes")]
    [DataRow("808000", "non-minimal: zero in three bytes")]
    [DataRow("ffffffffffffffff80", "nine bytes with a continuation bit")]
    [DataRow("ffffffffffffffffff01", "ten bytes")]
    public void Split_InvalidVarint_ReturnsInvalidMulticodec(string hex, string because)
    {
        Result<(ulong Code, byte[] Data)> result = Multicodec.Split(Convert.FromHexString(hex));

        Assert.IsFalse(result.IsSuccess, because);
        Assert.AreEqual(ErrorCodes.InvalidMulticodec, result.Error.Code, because);
    }

    [TestMethod]
    public void Split_ReturnsCopy_NotAView()
    {
        byte[] prefixed = [0xed, 0x01, 0x05];

        byte[] data = Multicodec.Split(prefixed).Value.Data;
        prefixed[2] = 0x06;

        Assert.AreEqual((byte)0x05, data[0]);
    }

    [TestMethod]
    public void Prefix_CodeAboveMax_ThrowsArgumentOutOfRange()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Multicodec.Prefix(Multicodec.MaxCode + 1, []));
    }
}
