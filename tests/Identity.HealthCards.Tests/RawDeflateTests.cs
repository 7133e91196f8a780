using System.Text;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;

namespace Identity.HealthCards.Tests;

[TestClass]
public sealed class RawDeflateTests
{
    [TestMethod]
    public void Compress_ThenInflate_RoundTripsWithoutZlibHeader()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"resourceType\":\"Patient\"}", 40)));

        var compressed = RawDeflate.Compress(data);

        Assert.AreNotEqual(0x78, compressed[0], "raw DEFLATE has no zlib header (0x78 ..)");
        CollectionAssert.AreEqual(data, RawDeflate.Inflate(compressed, data.Length).Value);
    }

    [TestMethod]
    public void Inflate_Bomb_StopsAtTheBound()
    {
        // 64 MiB of zeros compress to about 64 KiB; the reader must stop at the bound, not inflate it all.
        var bomb = RawDeflate.Compress(new byte[64 * 1024 * 1024]);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var inflated = RawDeflate.Inflate(bomb, 256 * 1024);

        Assert.AreEqual(ErrorCodes.InflateLimitExceeded, inflated.Error?.Code);
        Assert.IsLessThan(8 * 1024 * 1024, GC.GetAllocatedBytesForCurrentThread() - before, "the bomb was not inflated into memory");
    }

    [TestMethod]
    public void Inflate_ZlibFramedOrGarbage_InvalidHealthCard()
    {
        var inflated = RawDeflate.Inflate([0xFF, 0xFF, 0xFF, 0x00, 0x13], 1024);

        Assert.AreEqual(ErrorCodes.InvalidHealthCard, inflated.Error?.Code);
    }
}
