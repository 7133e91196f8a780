namespace Identity.Sodium.Tests;

[TestClass]
public sealed class SodiumRandomTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(32)]
    [DataRow(4096)]
    public void GetBytes_Count_ReturnsThatManyBytes(int count)
    {
        Assert.HasCount(count, SodiumRandom.GetBytes(count));
    }

    [TestMethod]
    public void GetBytes_TwoCalls_Differ()
    {
        // 2^-256 chance of a false failure.
        CollectionAssert.AreNotEqual(SodiumRandom.GetBytes(32), SodiumRandom.GetBytes(32));
    }

    [TestMethod]
    public void Fill_Buffer_OverwritesAllBytes()
    {
        byte[] buffer = new byte[1024];

        SodiumRandom.Fill(buffer);
        SodiumRandom.Fill([]);

        // 1024 uniform bytes take about 251 of the 256 values; fewer than 200 would mean bytes were left untouched.
        Assert.IsGreaterThan(200, buffer.Distinct().Count());
    }

    [TestMethod]
    public void GetBytes_NegativeCount_ThrowsArgumentOutOfRangeException()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SodiumRandom.GetBytes(-1));
    }
}
