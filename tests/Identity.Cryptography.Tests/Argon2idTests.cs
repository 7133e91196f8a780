namespace Identity.Cryptography.Tests;

[TestClass]
public sealed class Argon2idTests
{
    // Small limits keep the suite fast; the vector classes cover realistic sizes.
    private const long Ops = 2;
    private const long Memory = 1024 * 1024;

    private static readonly byte[] s_salt = Encoding.ASCII.GetBytes("0123456789abcdef");

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
}
