using Identity.HealthCards.HealthCards;
using Identity.Primitives;

namespace Identity.HealthCards.Tests;

[TestClass]
public sealed class QrChunksTests
{
    private const string Jws = "eyJ6aXAiOiJERUYiLCJhbGciOiJFUzI1NiJ9.3ZJNb9swDIb_SqFdHX-kW9f5tjbAPg4DinW7DD0wMhNrkCVBkp1mg__7SDlBgSE9DNhpuonk-5AvpV9Cw-u.A-b_2Q";

    [TestMethod]
    public void Encode_ShortJws_OneNumericQr()
    {
        var qr = QrChunks.Encode(Jws);

        Assert.HasCount(1, qr);
        StringAssert.StartsWith(qr[0], "shc:/5676");
        Assert.AreEqual(Jws.Length * 2, qr[0].Length - QrChunks.Prefix.Length);
        Assert.AreEqual(Jws, QrChunks.Decode(qr, 100_000).Value);
    }

    [TestMethod]
    public void Encode_LongJws_BalancedChunksDecodeInAnyOrder()
    {
        string jws = string.Concat(Enumerable.Repeat("abcXYZ-_09.", 250)); // 2750 characters: three chunks

        var qr = QrChunks.Encode(jws);

        Assert.HasCount(3, qr);
        for (int i = 0; i < qr.Count; i++)
        {
            StringAssert.StartsWith(qr[i], $"shc:/{i + 1}/3/");
            int chars = (qr[i].Length - $"shc:/{i + 1}/3/".Length) / 2;
            Assert.IsLessThanOrEqualTo(QrChunks.ChunkMaxLength, chars);
            Assert.IsGreaterThan(900, chars, "chunks are balanced, not 1191 + 1191 + 368");
        }

        Assert.AreEqual(jws, QrChunks.Decode([qr[2], qr[0], qr[1]], 100_000).Value);
    }

    [TestMethod]
    [DataRow("shc:/1/2/5676", "shc:/1/2/5676", DisplayName = "a chunk twice")]
    [DataRow("shc:/1/3/5676", "shc:/2/3/5676", DisplayName = "a chunk missing")]
    [DataRow("shc:/0/2/5676", "shc:/2/2/5676", DisplayName = "chunk number 0")]
    [DataRow("shc:/1/2/5676", "shc:/3/2/5676", DisplayName = "chunk number past the count")]
    [DataRow("shc:/a/2/5676", "shc:/2/2/5676", DisplayName = "header not decimal")]
    [DataRow("shc:/1//5676", "shc:/2/2/5676", DisplayName = "header without a count")]
    [DataRow("shc:/1/2/567", "shc:/2/2/5676", DisplayName = "odd digit count")]
    [DataRow("shc:/1/2/56x6", "shc:/2/2/5676", DisplayName = "a non-digit")]
    [DataRow("shc:/1/2/9999", "shc:/2/2/5676", DisplayName = "a pair past 'z'")]
    [DataRow("shc:1/2/5676", "shc:/2/2/5676", DisplayName = "prefix without the slash")]
    public void Decode_BadChunks_InvalidQrChunk(string first, string second)
    {
        var decoded = QrChunks.Decode([first, second], 100_000);

        Assert.AreEqual(ErrorCodes.InvalidQrChunk, decoded.Error?.Code, decoded.Error?.Detail);
    }

    [TestMethod]
    public void Decode_MoreThanTheJwsLimit_TokenTooLarge()
    {
        var decoded = QrChunks.Decode(["shc:/" + new string('5', 2002)], 1000);

        Assert.AreEqual(ErrorCodes.TokenTooLarge, decoded.Error?.Code);
    }

    [TestMethod]
    public void Decode_TooManyChunks_InvalidQrChunk()
    {
        var decoded = QrChunks.Decode([.. Enumerable.Range(1, QrChunks.MaxChunks + 1).Select(i => $"shc:/{i}/{QrChunks.MaxChunks + 1}/56")], 100_000);

        Assert.AreEqual(ErrorCodes.InvalidQrChunk, decoded.Error?.Code);
    }
}
