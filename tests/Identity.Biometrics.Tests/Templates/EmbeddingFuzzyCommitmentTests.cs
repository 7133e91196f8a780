using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Tests.Templates;

[TestClass]
public sealed class EmbeddingFuzzyCommitmentTests
{
    private const string Did = "did:example:patient-123";

    private static readonly EmbeddingFuzzyCommitmentOptions s_fast = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin };

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    [DataRow(5)]
    public void Match_GenuineCapturesAtCosine08ToIdentity_ReturnsTrue(int enrolCaptures)
    {
        using var pepper = Pepper(1);
        var scheme = new EmbeddingFuzzyCommitment(pepper, s_fast);
        var random = new Random(enrolCaptures);
        float[] identity = SyntheticFaces.Identity(random);
        BiometricRecord record = Enroll(scheme, random, identity, enrolCaptures, 0.8);
        using EmbeddingCapture probe = Capture(SyntheticFaces.Capture(random, identity, 0.8));

        Result<bool> result = scheme.Match(probe, Did, record);

        Assert.IsTrue(result.IsSuccess, result.Error?.Detail);
        Assert.IsTrue(result.Value);
    }

    [TestMethod]
    public void Match_OtherIdentity_ReturnsFalse()
    {
        using var pepper = Pepper(2);
        var scheme = new EmbeddingFuzzyCommitment(pepper, s_fast);
        var random = new Random(2);
        BiometricRecord record = Enroll(scheme, random, SyntheticFaces.Identity(random), 3, 0.8);
        for (int i = 0; i < 20; i++)
        {
            using EmbeddingCapture impostor = Capture(SyntheticFaces.Capture(random, SyntheticFaces.Identity(random), 0.8));

            Result<bool> result = scheme.Match(impostor, Did, record);

            Assert.IsTrue(result.IsSuccess);
            Assert.IsFalse(result.Value);
        }
    }

    [TestMethod]
    public void Match_OtherSubjectDidOrPepper_ReturnsFalse()
    {
        using var pepper = Pepper(3);
        using var otherPepper = Pepper(4);
        var random = new Random(3);
        float[] identity = SyntheticFaces.Identity(random);
        BiometricRecord record = Enroll(new EmbeddingFuzzyCommitment(pepper, s_fast), random, identity, 1, 1.0);
        using EmbeddingCapture probe = Capture(identity);

        Assert.IsTrue(new EmbeddingFuzzyCommitment(pepper, s_fast).Match(probe, Did, record).Value);
        Assert.IsFalse(new EmbeddingFuzzyCommitment(pepper, s_fast).Match(probe, "did:example:other", record).Value);
        Assert.IsFalse(new EmbeddingFuzzyCommitment(otherPepper, s_fast).Match(probe, Did, record).Value);
    }

    [TestMethod]
    public void Enroll_SameCapturesTwice_RecordsAreUnlinkableAndBothMatch()
    {
        using var pepper = Pepper(5);
        var scheme = new EmbeddingFuzzyCommitment(pepper, s_fast);
        var random = new Random(5);
        float[] identity = SyntheticFaces.Identity(random);
        using EmbeddingCapture capture = Capture(identity);

        BiometricRecord first = scheme.Enroll([capture], Did).Value;
        BiometricRecord second = scheme.Enroll([capture], Did).Value;

        // Different salts give unrelated projections: the selections overlap as two random 511-of-4096 sets do
        // (mean 63.7, SD about 7.5) and the code halves differ in about half their bits.
        CollectionAssert.AreNotEqual(first.Salt.ToArray(), second.Salt.ToArray());
        int overlap = 0;
        for (int i = 64; i < EmbeddingFuzzyCommitment.HelperBytes; i++)
        {
            overlap += System.Numerics.BitOperations.PopCount((uint)(first.Helper[i] & second.Helper[i]));
        }

        Assert.IsTrue(overlap is > 30 and < 100, $"selection overlap {overlap}");
        int distance = Coding.BitNoise.Distance(first.Helper.AsSpan(0, 64), second.Helper.AsSpan(0, 64));
        Assert.IsTrue(distance is > 200 and < 312, $"helper distance {distance}");
        Assert.IsTrue(scheme.Match(capture, Did, first).Value);
        Assert.IsTrue(scheme.Match(capture, Did, second).Value);
    }

    [TestMethod]
    public void Enroll_Record_HasTheDocumentedShape()
    {
        using var pepper = Pepper(6);
        var scheme = new EmbeddingFuzzyCommitment(pepper, s_fast);
        using EmbeddingCapture capture = Capture(SyntheticFaces.Identity(new Random(6)));

        BiometricRecord record = scheme.Enroll([capture], Did).Value;

        Assert.AreEqual(EmbeddingFuzzyCommitment.SchemeId, record.SchemeId);
        Assert.AreEqual(16, record.Salt.Length);
        Assert.AreEqual(576, record.Helper.Length);
        Assert.AreEqual(32, record.Tag.Length);
        Assert.AreEqual(511, record.Helper.Skip(64).Sum(b => System.Numerics.BitOperations.PopCount(b)));
        Assert.AreEqual(0, record.Helper[63] & 0x80);
        Assert.IsTrue(EmbeddingFuzzyCommitment.IsWellFormed(record));
        Assert.IsTrue(record.ToBytes().Length < 1024);
    }

    [TestMethod]
    public void Match_RecordWithTamperedBitmapOrLength_ReturnsInvalidRecord()
    {
        using var pepper = Pepper(7);
        var scheme = new EmbeddingFuzzyCommitment(pepper, s_fast);
        var random = new Random(7);
        float[] identity = SyntheticFaces.Identity(random);
        using EmbeddingCapture capture = Capture(identity);
        BiometricRecord record = scheme.Enroll([capture], Did).Value;
        byte[] helper = record.Helper.ToArray();
        int firstSelectedByte = Array.FindIndex(helper, 64, b => b != 0);
        helper[firstSelectedByte] &= (byte)(helper[firstSelectedByte] - 1); // clears one selected row: 510 remain
        BiometricRecord[] malformed =
        [
            record with { Helper = [.. helper] },
            record with { Helper = [.. record.Helper.Take(575)] },
            record with { Version = 2 },
            record with { Salt = [.. record.Salt.Take(8)] },
            record with { SchemeId = BinaryFuzzyCommitment.SchemeId },
        ];

        foreach (BiometricRecord bad in malformed)
        {
            Assert.AreEqual(ErrorCodes.InvalidBiometricRecord, scheme.Match(capture, Did, bad).Error?.Code);
        }
    }

    [TestMethod]
    public void KeyedProjection_IsDeterministicPerPepperAndSaltAndGaussian()
    {
        using var pepper = Pepper(8);
        byte[] salt = new byte[16];
        byte[] otherSalt = new byte[16];
        otherSalt[0] = 1;
        var a = new float[512];
        var b = new float[512];
        var c = new float[512];
        var values = new List<double>();

        using (var first = KeyedProjection.Derive(pepper, salt))
        using (var second = KeyedProjection.Derive(pepper, salt))
        using (var other = KeyedProjection.Derive(pepper, otherSalt))
        {
            for (int row = 0; row < 64; row += 7)
            {
                first.Row(row, a);
                second.Row(row, b);
                other.Row(row, c);
                CollectionAssert.AreEqual(a, b);
                CollectionAssert.AreNotEqual(a, c);
                values.AddRange(a.Select(x => (double)x));
            }
        }

        double mean = values.Average();
        double variance = values.Select(x => (x - mean) * (x - mean)).Average();
        double fourth = values.Select(x => Math.Pow(x - mean, 4)).Average() / (variance * variance);
        Assert.IsTrue(Math.Abs(mean) < 0.05, $"mean {mean}");
        Assert.IsTrue(Math.Abs(variance - 1) < 0.05, $"variance {variance}");
        Assert.IsTrue(Math.Abs(fourth - 3) < 0.3, $"kurtosis {fourth}");
    }

    [TestMethod]
    public void Enroll_OpposingCaptures_ReturnsCaptureUnusable()
    {
        using var pepper = Pepper(9);
        var scheme = new EmbeddingFuzzyCommitment(pepper, s_fast);
        float[] identity = SyntheticFaces.Identity(new Random(9));
        using EmbeddingCapture capture = Capture(identity);
        using EmbeddingCapture opposite = Capture(identity.Select(x => -x).ToArray());

        Result<BiometricRecord> result = scheme.Enroll([capture, opposite], Did);

        Assert.AreEqual(ErrorCodes.BiometricCaptureUnusable, result.Error?.Code);
    }

    internal static SecureBuffer Pepper(int seed)
    {
        var pepper = new SecureBuffer(32);
        var bytes = new byte[32];
        new Random(seed).NextBytes(bytes);
        pepper.CopyFrom(bytes);
        return pepper;
    }

    private static EmbeddingCapture Capture(float[] vector) => EmbeddingCapture.Create(vector).Value;

    private static BiometricRecord Enroll(EmbeddingFuzzyCommitment scheme, Random random, float[] identity, int captures, double cosine)
    {
        EmbeddingCapture[] list = Enumerable.Range(0, captures).Select(_ => Capture(SyntheticFaces.Capture(random, identity, cosine))).ToArray();
        try
        {
            Result<BiometricRecord> result = scheme.Enroll(list, Did);
            Assert.IsTrue(result.IsSuccess, result.Error?.Detail);
            return result.Value;
        }
        finally
        {
            foreach (EmbeddingCapture capture in list)
            {
                capture.Dispose();
            }
        }
    }
}
