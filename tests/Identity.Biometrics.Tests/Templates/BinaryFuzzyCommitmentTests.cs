using Identity.Biometrics.Coding;
using Identity.Biometrics.Templates;
using Identity.Biometrics.Tests.Coding;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Tests.Templates;

[TestClass]
public sealed class BinaryFuzzyCommitmentTests
{
    private const string Did = "did:example:patient-123";

    // The cheapest Argon2id cost keeps the suite fast; production uses the (3, 64 MiB) default.
    private static readonly BinaryFuzzyCommitmentOptions s_fast = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin };

    private static readonly byte[] s_fullMask = Enumerable.Repeat((byte)0xFF, BinaryFuzzyCommitment.TemplateBytes).ToArray();

    [TestMethod]
    [DataRow(0)]
    [DataRow(150)]
    [DataRow(400)]
    public void Match_SameTemplateWithNoiseBelowT_ReturnsTrue(int flips)
    {
        using var pepper = Pepper(1);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var random = new Random(flips);
        byte[] template = BitNoise.RandomBits(random, BinaryFuzzyCommitment.TemplateBits);
        BiometricRecord record = scheme.Enroll(template, s_fullMask, Did).Value;
        byte[] probe = BitNoise.FlipDistinct(random, template, BinaryFuzzyCommitment.TemplateBits, flips);

        Result<bool> result = scheme.Match(probe, s_fullMask, Did, record);

        Assert.IsTrue(result.Value);
    }

    [TestMethod]
    public void Match_RotatedNoisyTemplate_ReturnsTrue()
    {
        using var pepper = Pepper(2);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var random = new Random(2);
        byte[] template = BitNoise.RandomBits(random, BinaryFuzzyCommitment.TemplateBits);
        BiometricRecord record = scheme.Enroll(template, s_fullMask, Did).Value;
        byte[] probe = BitNoise.FlipDistinct(random, RotateBytes(template, 3), BinaryFuzzyCommitment.TemplateBits, 200);

        Assert.IsTrue(scheme.Match(probe, s_fullMask, Did, record).Value);
    }

    [TestMethod]
    public void Match_PartlyMaskedProbe_ReturnsTrue()
    {
        using var pepper = Pepper(3);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var random = new Random(3);
        byte[] template = BitNoise.RandomBits(random, BinaryFuzzyCommitment.TemplateBits);
        BiometricRecord record = scheme.Enroll(template, s_fullMask, Did).Value;
        byte[] mask = (byte[])s_fullMask.Clone();
        mask.AsSpan(0, 25).Clear(); // 200 masked bits (≈ 10%), about 100 of them wrong after random fill.
        byte[] probe = BitNoise.FlipDistinct(random, template, BinaryFuzzyCommitment.TemplateBits, 150);

        Assert.IsTrue(scheme.Match(probe, mask, Did, record).Value);
    }

    [TestMethod]
    public void Match_UnrelatedTemplate_ReturnsFalse()
    {
        using var pepper = Pepper(4);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var random = new Random(4);
        BiometricRecord record = scheme.Enroll(BitNoise.RandomBits(random, 2048), s_fullMask, Did).Value;

        Result<bool> result = scheme.Match(BitNoise.RandomBits(random, 2048), s_fullMask, Did, record);

        Assert.IsTrue(result.IsSuccess);
        Assert.IsFalse(result.Value);
    }

    [TestMethod]
    public void Match_OtherSubjectDid_ReturnsFalse()
    {
        using var pepper = Pepper(5);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        byte[] template = BitNoise.RandomBits(new Random(5), 2048);
        BiometricRecord record = scheme.Enroll(template, s_fullMask, Did).Value;

        Assert.IsFalse(scheme.Match(template, s_fullMask, "did:example:someone-else", record).Value);
    }

    [TestMethod]
    public void Match_OtherPepper_ReturnsFalse()
    {
        using var pepper = Pepper(6);
        using var otherPepper = Pepper(7);
        byte[] template = BitNoise.RandomBits(new Random(6), 2048);
        BiometricRecord record = new BinaryFuzzyCommitment(pepper, s_fast).Enroll(template, s_fullMask, Did).Value;

        Result<bool> result = new BinaryFuzzyCommitment(otherPepper, s_fast).Match(template, s_fullMask, Did, record);

        Assert.IsFalse(result.Value);
    }

    [TestMethod]
    public void Enroll_SameTemplateTwice_RecordsAreUnlinkableAndBothMatch()
    {
        // Arrange
        using var pepper = Pepper(8);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        byte[] template = BitNoise.RandomBits(new Random(8), 2048);

        // Act
        BiometricRecord first = scheme.Enroll(template, s_fullMask, Did).Value;
        BiometricRecord second = scheme.Enroll(template, s_fullMask, Did).Value;

        // Assert: fresh salt and helper data; δ1 ⊕ δ2 is not near a codeword (the linkage test of a bare fuzzy
        // commitment), and the helpers differ in about half their bits.
        CollectionAssert.AreNotEqual(first.Salt.ToArray(), second.Salt.ToArray());
        CollectionAssert.AreNotEqual(first.Tag.ToArray(), second.Tag.ToArray());
        byte[] xor = first.Helper.Zip(second.Helper, (a, b) => (byte)(a ^ b)).ToArray();
        Assert.IsFalse(BchCode.Create(11, 439).Decode(xor).IsSuccess);
        int distance = BitNoise.Distance(first.Helper.AsSpan(), second.Helper.AsSpan());
        Assert.IsTrue(distance is > 850 and < 1200, $"helper distance {distance}");
        Assert.IsTrue(scheme.Match(template, s_fullMask, Did, first).Value);
        Assert.IsTrue(scheme.Match(template, s_fullMask, Did, second).Value);
    }

    [TestMethod]
    public void Enroll_HeavilyMaskedCapture_ReturnsCaptureUnusable()
    {
        using var pepper = Pepper(9);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var mask = (byte[])s_fullMask.Clone();
        mask.AsSpan(0, 100).Clear();

        Result<BiometricRecord> result = scheme.Enroll(BitNoise.RandomBits(new Random(9), 2048), mask, Did);

        Assert.AreEqual(ErrorCodes.BiometricCaptureUnusable, result.Error?.Code);
    }

    [TestMethod]
    public void Match_RecordOfOtherScheme_ReturnsInvalidRecord()
    {
        using var pepper = Pepper(10);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        byte[] template = BitNoise.RandomBits(new Random(10), 2048);
        BiometricRecord record = scheme.Enroll(template, s_fullMask, Did).Value with { SchemeId = "fcs-other-v9" };

        Result<bool> result = scheme.Match(template, s_fullMask, Did, record);

        Assert.AreEqual(ErrorCodes.InvalidBiometricRecord, result.Error?.Code);
    }

    [TestMethod]
    public void Enroll_Record_ToStringOmitsSecretsAndStoresParameters()
    {
        using var pepper = Pepper(11);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);

        BiometricRecord record = scheme.Enroll(BitNoise.RandomBits(new Random(11), 2048), s_fullMask, Did).Value;

        Assert.AreEqual(BinaryFuzzyCommitment.SchemeId, record.SchemeId);
        Assert.AreEqual(1, record.Version);
        Assert.AreEqual(s_fast.OpsLimit, record.OpsLimit);
        Assert.AreEqual(s_fast.MemLimitBytes, record.MemLimitBytes);
        Assert.AreEqual(16, record.Salt.Length);
        Assert.AreEqual(256, record.Helper.Length);
        Assert.AreEqual(32, record.Tag.Length);
        string text = record.ToString();
        Assert.DoesNotContain(Convert.ToHexString(record.Helper.AsSpan(0, 4)), text);
        Assert.DoesNotContain(Convert.ToBase64String(record.Helper.AsSpan(0, 6)), text);
    }

    [TestMethod]
    public void Enroll_WrongTemplateLength_Throws()
    {
        using var pepper = Pepper(12);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);

        Assert.ThrowsExactly<ArgumentException>(() => scheme.Enroll(new byte[255], s_fullMask, Did));
    }

    [TestMethod]
    public void Constructor_ShortPepper_Throws()
    {
        using var pepper = new SecureBuffer(8);

        Assert.ThrowsExactly<ArgumentException>(() => new BinaryFuzzyCommitment(pepper, s_fast));
    }

    private static SecureBuffer Pepper(int seed)
    {
        var pepper = new SecureBuffer(32);
        var bytes = new byte[32];
        new Random(seed).NextBytes(bytes);
        pepper.CopyFrom(bytes);
        return pepper;
    }

    // A probe taken with the eye rotated by whole bytes (8-bit columns): probe bit i = template bit (i − 8·columns).
    private static byte[] RotateBytes(byte[] template, int columns)
    {
        var rotated = new byte[template.Length];
        for (int i = 0; i < template.Length; i++)
        {
            rotated[(i + columns) % template.Length] = template[i];
        }

        return rotated;
    }
}
