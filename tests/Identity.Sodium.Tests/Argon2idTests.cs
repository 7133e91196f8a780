using System.Text;

namespace Identity.Sodium.Tests;

[TestClass]
public sealed class Argon2idTests
{
    // Small limits keep the suite fast; the vector classes cover realistic sizes.
    private const long Ops = 2;
    private const long Memory = 1024 * 1024;

    private static readonly byte[] s_salt = Encoding.ASCII.GetBytes("0123456789abcdef");

    [TestMethod]
    public void HashPassword_ThenVerifyPassword_RoundTrips()
    {
        byte[] password = Encoding.UTF8.GetBytes("correct horse battery staple");

        string hash = Argon2id.HashPassword(password, Ops, Memory);

        Assert.StartsWith("$argon2id$v=19$m=1024,t=2,p=1$", hash);
        Assert.IsTrue(Argon2id.VerifyPassword(hash, password));
    }

    [TestMethod]
    public void VerifyPassword_WrongPassword_ReturnsFalse()
    {
        string hash = Argon2id.HashPassword("secret"u8, Ops, Memory);

        Assert.IsFalse(Argon2id.VerifyPassword(hash, "Secret"u8));
        Assert.IsFalse(Argon2id.VerifyPassword(hash, []));
    }

    [TestMethod]
    public void HashPassword_SamePasswordTwice_UsesFreshSalts()
    {
        Assert.AreNotEqual(Argon2id.HashPassword("pw"u8, Ops, Memory), Argon2id.HashPassword("pw"u8, Ops, Memory));
    }

    [TestMethod]
    [DataRow("", DisplayName = "empty")]
    [DataRow("not a hash", DisplayName = "garbage")]
    [DataRow("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA", DisplayName = "argon2i")]
    [DataRow("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$", DisplayName = "missing tag")]
    [DataRow("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc\u00e9", DisplayName = "non-ASCII")]
    public void VerifyPassword_MalformedHash_ReturnsFalse(string hash)
    {
        Assert.IsFalse(Argon2id.VerifyPassword(hash, "password"u8));
    }

    [TestMethod]
    public void VerifyPassword_OverlongHash_ReturnsFalse()
    {
        Assert.IsFalse(Argon2id.VerifyPassword("$argon2id$" + new string('A', 200), "password"u8));
    }

    [TestMethod]
    public void VerifyPassword_NullHash_ThrowsArgumentNullException()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => Argon2id.VerifyPassword(null!, "password"u8));
    }

    [TestMethod]
    [DataRow(15, 32, Ops, Memory, DisplayName = "salt too short")]
    [DataRow(17, 32, Ops, Memory, DisplayName = "salt too long")]
    [DataRow(16, 15, Ops, Memory, DisplayName = "output too short")]
    [DataRow(16, 32, 0L, Memory, DisplayName = "opsLimit 0")]
    [DataRow(16, 32, -1L, Memory, DisplayName = "opsLimit negative")]
    [DataRow(16, 32, 4294967296L, Memory, DisplayName = "opsLimit above max")]
    [DataRow(16, 32, Ops, 8191L, DisplayName = "memLimit below min")]
    [DataRow(16, 32, Ops, -1L, DisplayName = "memLimit negative")]
    [DataRow(16, 32, Ops, long.MaxValue, DisplayName = "memLimit above max")]
    public void TryDeriveKey_InvalidParameters_ReturnsFalseAndClearsOutput(int saltLength, int outputLength, long opsLimit, long memLimit)
    {
        byte[] output = [.. Enumerable.Repeat((byte)0xAA, outputLength)];

        bool derived = Argon2id.TryDeriveKey("password"u8, new byte[saltLength], opsLimit, memLimit, output);

        Assert.IsFalse(derived);
        Assert.IsTrue(output.All(b => b == 0));
    }

    [TestMethod]
    public void TryDeriveKey_SameInputs_IsDeterministicAndSaltSensitive()
    {
        byte[] first = new byte[32];
        byte[] second = new byte[32];
        byte[] otherSalt = new byte[32];

        Assert.IsTrue(Argon2id.TryDeriveKey("pw"u8, s_salt, Ops, Memory, first));
        Assert.IsTrue(Argon2id.TryDeriveKey("pw"u8, s_salt, Ops, Memory, second));
        Assert.IsTrue(Argon2id.TryDeriveKey("pw"u8, new byte[Argon2id.SaltSize], Ops, Memory, otherSalt.AsSpan(0, 32)));

        CollectionAssert.AreEqual(first, second);
        CollectionAssert.AreNotEqual(first, otherSalt);
    }

    [TestMethod]
    public void TryDeriveKey_EmptyPassword_Succeeds()
    {
        byte[] output = new byte[Argon2id.MinOutputSize];

        Assert.IsTrue(Argon2id.TryDeriveKey([], s_salt, Argon2id.OpsLimitMin, Argon2id.MemLimitMin, output));
        Assert.IsFalse(output.All(b => b == 0));
    }

    [TestMethod]
    [DataRow(0L, Memory)]
    [DataRow(-5L, Memory)]
    [DataRow(Ops, 8191L)]
    [DataRow(Ops, -1L)]
    public void HashPassword_InvalidLimits_ThrowsArgumentOutOfRangeException(long opsLimit, long memLimit)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Argon2id.HashPassword("pw"u8, opsLimit, memLimit));
    }

    [TestMethod]
    public void NeedsRehash_SameAndStrongerLimits_ReportsCorrectly()
    {
        string hash = Argon2id.HashPassword("pw"u8, Ops, Memory);

        Assert.IsFalse(Argon2id.NeedsRehash(hash, Ops, Memory));
        Assert.IsTrue(Argon2id.NeedsRehash(hash, Ops + 1, Memory));
        Assert.IsTrue(Argon2id.NeedsRehash(hash, Ops, Memory * 2));
        Assert.IsTrue(Argon2id.NeedsRehash("garbage", Ops, Memory));
    }

    [TestMethod]
    public void Limits_Always_AreOrdered()
    {
        Assert.IsLessThan(Argon2id.OpsLimitInteractive, Argon2id.OpsLimitMin);
        Assert.IsLessThan(Argon2id.OpsLimitModerate, Argon2id.OpsLimitInteractive);
        Assert.IsLessThan(Argon2id.MemLimitModerate, Argon2id.MemLimitInteractive);
        Assert.IsLessThan(Argon2id.MemLimitMax, Argon2id.MemLimitSensitive);
    }
}
