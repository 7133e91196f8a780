using System.Text;

namespace Identity.Primitives.Tests;

/// <summary>
/// Multibase (draft-multiformats-multibase), with the test vectors of its appendix for the three encodings we
/// support ("Decentralize everything!!", "yes mani !", "hello world" and leading zero bytes).
/// </summary>
[TestClass]
public sealed class MultibaseTests
{
    public static IEnumerable<object[]> SpecVectors =>
    [
        ["Decentralize everything!!", MultibaseEncoding.Base58Btc, "zUXE7GvtEk8XTXs1GF8HSGbVA9FCX9SEBPe"],
        ["Decentralize everything!!", MultibaseEncoding.Base64Url, "uRGVjZW50cmFsaXplIGV2ZXJ5dGhpbmchIQ"],
        ["Decentralize everything!!", MultibaseEncoding.Base16Lower, "f446563656e7472616c697a652065766572797468696e672121"],
        ["yes mani !", MultibaseEncoding.Base58Btc, "z7paNL19xttacUY"],
        ["yes mani !", MultibaseEncoding.Base64Url, "ueWVzIG1hbmkgIQ"],
        ["yes mani !", MultibaseEncoding.Base16Lower, "f796573206d616e692021"],
        ["hello world", MultibaseEncoding.Base58Btc, "zStV1DL6CwTryKyV"],
        ["hello world", MultibaseEncoding.Base64Url, "uaGVsbG8gd29ybGQ"],
        ["hello world", MultibaseEncoding.Base16Lower, "f68656c6c6f20776f726c64"],
        ["\0yes mani !", MultibaseEncoding.Base58Btc, "z17paNL19xttacUY"],
        ["\0\0yes mani !", MultibaseEncoding.Base58Btc, "z117paNL19xttacUY"],
        ["\0yes mani !", MultibaseEncoding.Base16Lower, "f00796573206d616e692021"],
        ["", MultibaseEncoding.Base58Btc, "z"],
        ["", MultibaseEncoding.Base64Url, "u"],
        ["", MultibaseEncoding.Base16Lower, "f"],
    ];

    [TestMethod]
    [DynamicData(nameof(SpecVectors))]
    public void Encode_SpecVector_ReturnsExpected(string text, MultibaseEncoding encoding, string expected)
    {
        Assert.AreEqual(expected, Multibase.Encode(encoding, Encoding.Latin1.GetBytes(text)));
    }

    [TestMethod]
    [DynamicData(nameof(SpecVectors))]
    public void Decode_SpecVector_ReturnsBytes(string text, MultibaseEncoding encoding, string encoded)
    {
        Result<byte[]> decoded = Multibase.Decode(encoded);

        Assert.IsTrue(decoded.IsSuccess, decoded.Error?.ToString());
        Assert.AreEqual(text, Encoding.Latin1.GetString(decoded.Value));
        Assert.IsTrue(Multibase.Decode(encoded, encoding).IsSuccess);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(31)]
    [DataRow(32)]
    [DataRow(33)]
    [DataRow(100)]
    public void Decode_RandomBytes_RoundTripInEveryEncoding(int length)
    {
        byte[] data = new byte[length];
        Random.Shared.NextBytes(data);
        if (length > 2)
        {
            data[0] = 0; // Leading zeros are base58's special case.
        }

        foreach (MultibaseEncoding encoding in Enum.GetValues<MultibaseEncoding>())
        {
            string encoded = Multibase.Encode(encoding, data);

            CollectionAssert.AreEqual(data, Multibase.Decode(encoded).Value, encoding.ToString());
        }
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("x0102", "unknown prefix")]
    [DataRow("Z7paNL19xttacUY", "base58flickr is not supported")]
    [DataRow("mRGVjZW50cmFsaXplIGV2ZXJ5dGhpbmchIQ", "padless base64 is not supported")]
    [DataRow("z7paNL19xttac0Y", "'0' is not base58btc")]
    [DataRow("z7paNL19xttacOY", "'O' is not base58btc")]
    [DataRow("z7paNL19xttacIY", "'I' is not base58btc")]
    [DataRow("z7paNL19xttaclY", "'l' is not base58btc")]
    [DataRow("z7paNL19 xttacUY", "space in base58btc")]
    [DataRow("ueWVzIG1hbmkgIQ==", "padded base64url")]
    [DataRow("ueWVzIG1hbmkgI+", "standard base64 alphabet")]
    [DataRow("ueWVzIG1hbmkgI\n", "newline")]
    [DataRow("ueWVzIG1hbmkgIR", "non-zero trailing bits")]
    [DataRow("ueWVzI", "impossible base64 length (5)")]
    [DataRow("ueWVzIG1hbmkgI", "impossible base64 length 4n+1")]
    [DataRow("f796573206D616E692021", "uppercase in base16lower")]
    [DataRow("f79657", "odd number of hex digits")]
    [DataRow("f7965g3", "non-hex digit")]
    [DataRow("\u0000yes", "identity encoding is not supported")]
    public void Decode_Invalid_ReturnsInvalidMultibase(string value, string because)
    {
        Result<byte[]> decoded = Multibase.Decode(value);

        Assert.IsFalse(decoded.IsSuccess, because);
        Assert.AreEqual(ErrorCodes.InvalidMultibase, decoded.Error.Code, because);
    }

    [TestMethod]
    public void Decode_ExpectedEncodingDiffers_ReturnsInvalidMultibase()
    {
        Assert.AreEqual(ErrorCodes.InvalidMultibase, Multibase.Decode("f00", MultibaseEncoding.Base58Btc).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidMultibase, Multibase.Decode("", MultibaseEncoding.Base64Url).Error?.Code);
    }

    [TestMethod]
    public void Decode_Null_ThrowsArgumentNull()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => Multibase.Decode(null!));
    }

    [TestMethod]
    public void Encode_UndefinedEncoding_ThrowsArgumentOutOfRange()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Multibase.Encode((MultibaseEncoding)42, [1]));
    }

    [TestMethod]
    [DataRow(MultibaseEncoding.Base58Btc, 'z')]
    [DataRow(MultibaseEncoding.Base64Url, 'u')]
    [DataRow(MultibaseEncoding.Base16Lower, 'f')]
    public void GetPrefix_Encoding_ReturnsSpecCharacter(MultibaseEncoding encoding, char prefix)
    {
        Assert.AreEqual(prefix, Multibase.GetPrefix(encoding));
    }

    [TestMethod]
    public void DecodeBase58Btc_RandomBytesAndDigits_AgreesWithSimpleBase()
    {
        // Byte strings with and without leading zeros round-trip; arbitrary digit strings decode as SimpleBase decodes them.
        var random = new Random(58);
        const string alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        for (int i = 0; i < 2000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 140)];
            random.NextBytes(bytes);
            bytes.AsSpan(0, Math.Min(bytes.Length, random.Next(0, 4))).Clear();
            string encoded = SimpleBase.Base58.Bitcoin.Encode(bytes);
            CollectionAssert.AreEqual(bytes, Multibase.DecodeBase58Btc(encoded).Value, encoded);

            char[] digits = new char[random.Next(1, 200)];
            for (int j = 0; j < digits.Length; j++)
            {
                digits[j] = alphabet[random.Next(random.Next(4) == 0 ? 1 : alphabet.Length)];
            }

            string text = new(digits);
            CollectionAssert.AreEqual(SimpleBase.Base58.Bitcoin.Decode(text), Multibase.DecodeBase58Btc(text).Value, text);
        }
    }
}
