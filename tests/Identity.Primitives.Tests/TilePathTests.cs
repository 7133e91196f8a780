// C2SP tlog-tiles path examples — https://c2sp.org/tlog-tiles
using Identity.Primitives.TransparencyLog;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class TilePathTests
{
    [TestMethod]
    [DataRow("0/x001/x234/067", 0, 1234067L, 256)]
    [DataRow("0/000", 0, 0L, 256)]
    [DataRow("1/000.p/17", 1, 0L, 17)]
    [DataRow("2/000.p/1", 2, 0L, 1)]
    [DataRow("63/x999/999.p/255", 63, 999999L, 255)]
    [DataRow("0/x001/000", 0, 1000L, 256)]
    [DataRow("0/272.p/112", 0, 272L, 112)]
    public void TryParse_SpecForms_RoundTrip(string path, int level, long index, int width)
    {
        Assert.IsTrue(TilePath.TryParse(path, out var tile));

        Assert.AreEqual(new TilePath(level, index, width), tile);
        Assert.AreEqual(path, tile.ToString());
    }

    [TestMethod]
    [DataRow("entries/x001/x234/067", 1234067L, 256)]
    [DataRow("entries/000.p/3", 0L, 3)]
    public void TryParse_EntryBundles_RoundTrip(string path, long index, int width)
    {
        Assert.IsTrue(TilePath.TryParse(path, out var tile));

        Assert.IsTrue(tile.IsEntries);
        Assert.AreEqual(new TilePath(null, index, width), tile);
        Assert.AreEqual(path, tile.ToString());
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("0")]
    [DataRow("0/1")]
    [DataRow("0/0001")]
    [DataRow("00/000")]
    [DataRow("64/000")]
    [DataRow("-1/000")]
    [DataRow("0/001/234")]
    [DataRow("0/x000/234")]
    [DataRow("0/x1/234")]
    [DataRow("0/000.p/0")]
    [DataRow("0/000.p/256")]
    [DataRow("0/000.p/07")]
    [DataRow("0/000.p")]
    [DataRow("0/000/")]
    [DataRow("0/00a")]
    [DataRow("entries")]
    [DataRow("entries/000.p/256")]
    [DataRow("0/x999/x999/x999/x999/x999/x999/x999/999")]
    [DataRow("0/x009/x223/x372/x036/x854/x775/808")]
    public void TryParse_Malformed_IsRefused(string path) => Assert.IsFalse(TilePath.TryParse(path, out _));
}
