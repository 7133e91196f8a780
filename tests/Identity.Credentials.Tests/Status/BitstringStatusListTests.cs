// References: W3C Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), §2.2 (encodedList, Example 3),
//   §3.3 Bitstring Generation Algorithm, §3.4 Bitstring Expansion Algorithm, §7.1 Bitstring Encoding,
//   https://www.w3.org/TR/vc-bitstring-status-list/
using System.Diagnostics;
using System.IO.Compression;
using Identity.Credentials.Status;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Status;

[TestClass]
public sealed class BitstringStatusListTests
{
    /// <summary>The <c>encodedList</c> of Example 3: an empty list of the minimum 131,072 entries.</summary>
    private const string SpecExample3EncodedList = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

    [TestMethod]
    [DataRow(0)]
    [DataRow(7)]
    [DataRow(9)]
    [DataRow(-8)]
    public void Create_SizeBelow8OrNotMultipleOf8_Throws(int size) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BitstringStatusList.Create(size, []));

    [TestMethod]
    [DataRow(-1)]
    [DataRow(16)]
    [DataRow(int.MaxValue)]
    public void Create_IndexOutOfRange_Throws(int index) =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BitstringStatusList.Create(16, [index]));

    [TestMethod]
    public void Create_NullIndexes_Throws() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => BitstringStatusList.Create(16, null!));

    [TestMethod]
    public void Indexer_SetIndexes_ExactlyThoseAreSet()
    {
        var list = BitstringStatusList.Create(24, [0, 9, 9, 23]);

        Assert.AreEqual(24, list.Size);
        CollectionAssert.AreEqual(new[] { 0, 9, 23 }, list.SetIndexes().ToArray());
        for (int i = 0; i < list.Size; i++)
        {
            Assert.AreEqual(i is 0 or 9 or 23, list[i], $"index {i}");
            Assert.AreEqual(list[i], list.Get(i));
        }
    }

    [TestMethod]
    [DataRow(-1)]
    [DataRow(16)]
    public void Get_OutOfRange_Throws(int index)
    {
        var list = BitstringStatusList.Create(16, []);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => list.Get(index));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => list[index]);
    }

    [TestMethod]
    public void Encode_EmptyMinimumList_IsSpecExample3()
    {
        string encoded = BitstringStatusList.Create(BitstringStatusList.MinimumSize, []).Encode();

        Assert.AreEqual(SpecExample3EncodedList, encoded);
    }

    [TestMethod]
    public void Decode_SpecExample3_IsEmptyListOfMinimumSize()
    {
        Result<BitstringStatusList> list = BitstringStatusList.Decode(SpecExample3EncodedList);

        Assert.IsTrue(list.IsSuccess, list.ToString());
        Assert.AreEqual(131_072, list.Value.Size);
        Assert.IsFalse(list.Value.SetIndexes().Any());
    }

    [TestMethod]
    public void Encode_BitOrder_IndexZeroIsMostSignificantBitOfFirstByte()
    {
        // §2.2 and §7.1: index 0 is the left-most bit, index size − 1 the right-most.
        string encoded = BitstringStatusList.Create(24, [0, 9, 14, 23]).Encode();

        byte[] raw = Gunzip(Multibase.Decode(encoded, MultibaseEncoding.Base64Url).Value);

        CollectionAssert.AreEqual(new byte[] { 0b1000_0000, 0b0100_0010, 0b0000_0001 }, raw);
        Assert.AreEqual('u', encoded[0]);
    }

    [TestMethod]
    public void Decode_ForeignGzip_ReadsBitsMostSignificantFirst()
    {
        string encoded = Multibase.Encode(MultibaseEncoding.Base64Url, Gzip([0x80, 0x01, 0x20]));

        Result<BitstringStatusList> list = BitstringStatusList.Decode(encoded);

        Assert.IsTrue(list.IsSuccess, list.ToString());
        CollectionAssert.AreEqual(new[] { 0, 15, 18 }, list.Value.SetIndexes().ToArray());
    }

    [TestMethod]
    public void EncodeDecode_RandomLists_RoundTrip()
    {
        var random = new Random(20260301);
        for (int trial = 0; trial < 200; trial++)
        {
            int size = 8 * random.Next(1, trial < 190 ? 600 : 20_000);
            int[] set = [.. Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(size))];
            var list = BitstringStatusList.Create(size, set);

            Result<BitstringStatusList> decoded = BitstringStatusList.Decode(list.Encode());

            Assert.IsTrue(decoded.IsSuccess, decoded.ToString());
            Assert.AreEqual(size, decoded.Value.Size);
            CollectionAssert.AreEqual(set.Distinct().Order().ToArray(), decoded.Value.SetIndexes().ToArray(), $"trial {trial}, size {size}");
        }
    }

    [TestMethod]
    public void Encode_SameList_SameString()
    {
        var first = BitstringStatusList.Create(BitstringStatusList.MinimumSize, [94567, 3]);
        var second = BitstringStatusList.Create(BitstringStatusList.MinimumSize, [3, 94567]);

        Assert.AreEqual(first.Encode(), second.Encode());
    }

    [TestMethod]
    public void Decode_ListBelowSpecMinimum_Accepted()
    {
        Result<BitstringStatusList> list = BitstringStatusList.Decode(BitstringStatusList.Create(8, [7]).Encode());

        Assert.IsTrue(list.IsSuccess, list.ToString());
        Assert.AreEqual(8, list.Value.Size);
        Assert.IsTrue(list.Value[7]);
    }

    [TestMethod]
    public void Decode_GzipBombPastDefaultCap_StatusListTooLargeQuickly()
    {
        // 17 MiB of zeros compresses to about 17 KB; the default cap is 16 MiB.
        string bomb = Multibase.Encode(MultibaseEncoding.Base64Url, Gzip(new byte[17 * 1024 * 1024]));
        Assert.IsTrue(bomb.Length < 64 * 1024, $"the bomb is {bomb.Length} characters");

        var clock = Stopwatch.StartNew();
        Result<BitstringStatusList> list = BitstringStatusList.Decode(bomb);

        Assert.AreEqual(ErrorCodes.StatusListTooLarge, list.Error?.Code);
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [TestMethod]
    public void Decode_PastCustomCap_StatusListTooLarge_AtCapAccepted()
    {
        string encoded = BitstringStatusList.Create(1024, [1023]).Encode();

        Result<BitstringStatusList> over = BitstringStatusList.Decode(encoded, maxSizeBits: 1016);
        Result<BitstringStatusList> exact = BitstringStatusList.Decode(encoded, maxSizeBits: 1024);

        Assert.AreEqual(ErrorCodes.StatusListTooLarge, over.Error?.Code);
        Assert.IsTrue(exact.IsSuccess, exact.ToString());
        Assert.IsTrue(exact.Value[1023]);
    }

    [TestMethod]
    [DataRow("", DisplayName = "empty")]
    [DataRow("H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "no prefix")]
    [DataRow("zH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "base58btc prefix")]
    [DataRow("UH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "uppercase prefix")]
    [DataRow("u", DisplayName = "prefix only")]
    [DataRow("uH4sIAAAAAAAAA+3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "base64 not base64url")]
    [DataRow("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA=", DisplayName = "padding")]
    [DataRow("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAA AAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "whitespace")]
    [DataRow("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAAB", DisplayName = "impossible length")]
    [DataRow("uaGVsbG8gd29ybGQ", DisplayName = "not gzip")]
    [DataRow("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAA", DisplayName = "truncated")]
    [DataRow("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAAAA", DisplayName = "trailing byte")]
    [DataRow("uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKtAQAAA", DisplayName = "bad checksum")]
    public void Decode_Malformed_InvalidStatusList(string encodedList)
    {
        Result<BitstringStatusList> list = BitstringStatusList.Decode(encodedList);

        Assert.AreEqual(ErrorCodes.InvalidStatusList, list.Error?.Code, list.ToString());
    }

    [TestMethod]
    public void Decode_EmptyBitstring_InvalidStatusList()
    {
        Result<BitstringStatusList> list = BitstringStatusList.Decode(Multibase.Encode(MultibaseEncoding.Base64Url, Gzip([])));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, list.Error?.Code);
    }

    [TestMethod]
    public void Decode_TwoGzipMembers_InvalidStatusList()
    {
        byte[] member = Gzip(new byte[16]);

        Result<BitstringStatusList> list = BitstringStatusList.Decode(Multibase.Encode(MultibaseEncoding.Base64Url, [.. member, .. member]));

        Assert.AreEqual(ErrorCodes.InvalidStatusList, list.Error?.Code);
    }

    [TestMethod]
    public void Decode_ProgrammingErrors_Throw()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => BitstringStatusList.Decode(null!));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BitstringStatusList.Decode(SpecExample3EncodedList, maxSizeBits: 7));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
