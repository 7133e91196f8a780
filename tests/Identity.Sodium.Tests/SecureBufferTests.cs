namespace Identity.Sodium.Tests;

[TestClass]
public sealed class SecureBufferTests
{
    [TestMethod]
    public void CopyFrom_ThenCopyTo_RoundTrips()
    {
        using SecureBuffer buffer = new(32);
        byte[] secret = SodiumRandom.GetBytes(32);
        byte[] copy = new byte[32];

        buffer.CopyFrom(secret);
        buffer.CopyTo(copy);

        Assert.AreEqual(32, buffer.Length);
        CollectionAssert.AreEqual(secret, copy);
    }

    [TestMethod]
    public void Constructor_NewBuffer_IsZeroed()
    {
        using SecureBuffer buffer = new(64);

        bool allZero = buffer.Use(0, static (memory, _) => memory.IndexOfAnyExcept((byte)0) < 0);

        Assert.IsTrue(allZero);
    }

    [TestMethod]
    public void Use_WritesThroughSpan_AreVisibleToCopyTo()
    {
        using SecureBuffer buffer = new(4);
        byte[] copy = new byte[4];

        buffer.Use((ReadOnlySpan<byte>)[1, 2, 3, 4], static (memory, source) => source.CopyTo(memory));
        buffer.CopyTo(copy);

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, copy);
    }

    [TestMethod]
    [DataRow(15)]
    [DataRow(17)]
    public void CopyFromAndCopyTo_WrongLength_ThrowArgumentException(int length)
    {
        using SecureBuffer buffer = new(16);

        Assert.ThrowsExactly<ArgumentException>(() => buffer.CopyFrom(new byte[length]));
        Assert.ThrowsExactly<ArgumentException>(() => buffer.CopyTo(new byte[length]));
    }

    [TestMethod]
    public void Constructor_NegativeLength_ThrowsArgumentOutOfRangeException()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SecureBuffer(-1));
    }

    [TestMethod]
    public void Members_AfterDispose_ThrowObjectDisposedException()
    {
        SecureBuffer buffer = new(16);

        buffer.Dispose();
        buffer.Dispose();

        Assert.ThrowsExactly<ObjectDisposedException>(() => buffer.CopyFrom(new byte[16]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => buffer.CopyTo(new byte[16]));
        Assert.ThrowsExactly<ObjectDisposedException>(() => buffer.Use(0, static (_, _) => { }));
        Assert.ThrowsExactly<ObjectDisposedException>(() => buffer.Use(0, static (_, _) => 1));
    }
}
