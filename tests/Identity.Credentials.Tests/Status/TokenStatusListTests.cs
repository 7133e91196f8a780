// References: IETF draft-ietf-oauth-status-list (Token Status List), §4.1 Status List in JSON format and its examples
//   for bits = 1 and bits = 2, https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/
using Identity.Credentials.Status;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Status;

[TestClass]
public sealed class TokenStatusListTests
{
    // The draft's two examples: 16 one-bit statuses packed into 0xB9 0xA3, and 12 two-bit statuses into 0xC9 0x44 0xF9.
    private static readonly byte[] s_oneBitStatuses = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1];
    private static readonly byte[] s_twoBitStatuses = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3];

    public static IEnumerable<object[]> DraftExamples() =>
    [
        [1, s_oneBitStatuses, new byte[] { 0xB9, 0xA3 }, "eNrbuRgAAhcBXQ"],
        [2, s_twoBitStatuses, new byte[] { 0xC9, 0x44, 0xF9 }, "eNo76fITAAPfAgc"],
    ];

    private static TokenStatusList FromStatuses(int bits, byte[] statuses) =>
        TokenStatusList.Create(bits, statuses.Length, statuses.Select((s, i) => KeyValuePair.Create(i, s)));

    [TestMethod]
    [DynamicData(nameof(DraftExamples))]
    public void Create_DraftExample_PacksTheDraftsBytes(int bits, byte[] statuses, byte[] bytes, string lst)
    {
        var list = FromStatuses(bits, statuses);

        CollectionAssert.AreEqual(bytes, list.ToBytes());
        Assert.AreEqual(statuses.Length, list.Count);
    }

    [TestMethod]
    [DynamicData(nameof(DraftExamples))]
    public void Decode_DraftLst_ReadsEveryStatus(int bits, byte[] statuses, byte[] bytes, string lst)
    {
        var list = TokenStatusList.Decode(bits, lst);

        Assert.IsTrue(list.IsSuccess, list.ToString());
        CollectionAssert.AreEqual(bytes, list.Value.ToBytes());
        CollectionAssert.AreEqual(statuses, Enumerable.Range(0, statuses.Length).Select(i => list.Value[i]).ToArray());
    }

    [TestMethod]
    [DynamicData(nameof(DraftExamples))]
    public void Encode_DraftExample_RoundTripsToTheSameBytes(int bits, byte[] statuses, byte[] bytes, string lst)
    {
        string encoded = FromStatuses(bits, statuses).Encode();

        var decoded = TokenStatusList.Decode(bits, encoded);
        Assert.IsTrue(decoded.IsSuccess, decoded.ToString());
        CollectionAssert.AreEqual(bytes, decoded.Value.ToBytes());
        StringAssert.StartsWith(encoded, "eN", "A ZLIB stream starts with 0x78.");
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(8)]
    public void Create_WideStatuses_ReadBackAtEveryIndex(int bits)
    {
        var statuses = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % (1 << bits))).ToArray();

        var decoded = TokenStatusList.Decode(bits, FromStatuses(bits, statuses).Encode()).Value;

        CollectionAssert.AreEqual(statuses, Enumerable.Range(0, statuses.Length).Select(i => decoded[i]).ToArray());
    }

    [TestMethod]
    public void Create_LaterStatusForAnIndex_Wins()
    {
        var list = TokenStatusList.Create(2, 8, [KeyValuePair.Create(3, TokenStatusList.Suspended), KeyValuePair.Create(3, TokenStatusList.Invalid)]);

        Assert.AreEqual(TokenStatusList.Invalid, list[3]);
        Assert.AreEqual(TokenStatusList.Valid, list[2]);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(3)]
    [DataRow(16)]
    public void Decode_BitsNotOneTwoFourOrEight_IsInvalidStatusList(int bits) =>
        Assert.AreEqual(ErrorCodes.InvalidStatusList, TokenStatusList.Decode(bits, "eNrbuRgAAhcBXQ").Error?.Code);

    [TestMethod]
    [DataRow("eNrbuRgAAhcBXQ==", DisplayName = "padded")]
    [DataRow("eNrbuRgAAhcB", DisplayName = "truncated (no Adler-32)")]
    [DataRow("eNrbuRgAAhcBXg", DisplayName = "wrong Adler-32")]
    [DataRow("eNrbuRgAAhcBXQAA", DisplayName = "trailing bytes")]
    [DataRow("H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", DisplayName = "gzip, not zlib")]
    [DataRow("not base64!", DisplayName = "not base64url")]
    [DataRow("eJwDAAAAAAE", DisplayName = "empty list")]
    public void Decode_MalformedLst_IsInvalidStatusList(string lst) =>
        Assert.AreEqual(ErrorCodes.InvalidStatusList, TokenStatusList.Decode(1, lst).Error?.Code, lst);

    [TestMethod]
    public void Decode_ListLargerThanTheLimit_IsRefusedWithoutInflatingIt()
    {
        string big = TokenStatusList.Create(1, 8 * 1024 * 1024, []).Encode(); // 1 MiB of zeros, about 1 KiB compressed.

        var refused = TokenStatusList.Decode(1, big, maxBytes: 64 * 1024);
        var accepted = TokenStatusList.Decode(1, big, maxBytes: 1024 * 1024);

        Assert.AreEqual(ErrorCodes.InvalidStatusList, refused.Error?.Code);
        StringAssert.Contains(refused.Error!.Detail, "limit");
        Assert.IsTrue(accepted.IsSuccess, accepted.ToString());
        Assert.AreEqual(8 * 1024 * 1024, accepted.Value.Count);
    }

    [TestMethod]
    public void Decode_IncompressibleListAtTheLimit_IsAccepted()
    {
        var bytes = new byte[256 * 1024];
        new Random(7).NextBytes(bytes);
        string lst = TokenStatusList.FromBytes(8, bytes).Encode();

        var decoded = TokenStatusList.Decode(8, lst, maxBytes: bytes.Length);

        Assert.IsTrue(decoded.IsSuccess, decoded.ToString());
        CollectionAssert.AreEqual(bytes, decoded.Value.ToBytes());
        Assert.AreEqual(ErrorCodes.InvalidStatusList, TokenStatusList.Decode(8, lst, maxBytes: bytes.Length - 1).Error?.Code);
    }

    [TestMethod]
    public void Indexer_OutsideTheList_Throws()
    {
        var list = TokenStatusList.Create(2, 4, []);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => list[4]);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
