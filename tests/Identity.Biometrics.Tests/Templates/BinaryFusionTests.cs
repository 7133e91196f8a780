using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Biometrics.Tests.Coding;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Tests.Templates;

[TestClass]
public sealed class BinaryFusionTests
{
    private const string Did = "did:example:patient-123";
    private const int Bits = BinaryFuzzyCommitment.TemplateBits;

    private static readonly BinaryFuzzyCommitmentOptions s_fast = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin };

    [TestMethod]
    public void Fuse_ThreeRotatedNoisyCaptures_IsCloserToTheTruthThanAnyCapture()
    {
        // Arrange: three captures at 15% noise, rotated by 0, +3 and −5 columns, each with a different eyelid band masked.
        var random = new Random(1);
        byte[] truth = BitNoise.RandomBits(random, Bits);
        int[] rotations = [0, 3, -5];
        BinaryCapture[] captures = rotations.Select((r, c) => Capture(Rotate(BitNoise.FlipDistinct(random, truth, Bits, 307), r), MaskBand(c * 40, 20))).ToArray();
        var fused = new byte[256];
        var mask = new byte[256];

        // Act
        BinaryCaptureFusion.Fuse(captures, s_fast, fused, mask);

        // Assert: fused errors on valid bits well under a single capture's 15%; bits masked by one capture stay valid.
        int valid = 0;
        int wrong = 0;
        for (int i = 0; i < Bits; i++)
        {
            if ((mask[i / 8] >> (i % 8) & 1) == 1)
            {
                valid++;
                wrong += ((fused[i / 8] ^ truth[i / 8]) >> (i % 8)) & 1;
            }
        }

        Assert.IsTrue(valid > 1800, $"{valid} valid bits");
        Assert.IsTrue(wrong < 0.08 * valid, $"{wrong} of {valid} fused bits wrong");
        foreach (BinaryCapture capture in captures)
        {
            capture.Dispose();
        }
    }

    [TestMethod]
    public void Enroll_ThreeNoisyCaptures_MatchesNoisyProbeAndRejectsImpostor()
    {
        using var pepper = Pepper(2);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var random = new Random(2);
        byte[] truth = BitNoise.RandomBits(random, Bits);
        BinaryCapture[] captures = [.. new[] { 0, 2, -4 }.Select((r, c) => Capture(Rotate(BitNoise.FlipDistinct(random, truth, Bits, 250), r), MaskBand(c * 50, 25)))];

        Result<BiometricRecord> record = scheme.Enroll(captures, Did);

        Assert.IsTrue(record.IsSuccess, record.Error?.Detail);
        // 16% probe noise on top of the fused reference: within t = 439 only because fusion removed most enrolment noise.
        byte[] probe = Rotate(BitNoise.FlipDistinct(random, truth, Bits, 330), 1);
        Assert.IsTrue(scheme.Match(probe, Full(), Did, record.Value).Value);
        Assert.IsFalse(scheme.Match(BitNoise.RandomBits(random, Bits), Full(), Did, record.Value).Value);
        foreach (BinaryCapture capture in captures)
        {
            capture.Dispose();
        }
    }

    [TestMethod]
    public void Enroll_OneHeavilyMaskedCaptureAmongThree_ReturnsCaptureUnusable()
    {
        using var pepper = Pepper(3);
        var scheme = new BinaryFuzzyCommitment(pepper, s_fast);
        var random = new Random(3);
        byte[] truth = BitNoise.RandomBits(random, Bits);
        BinaryCapture[] captures = [Capture(truth, Full()), Capture(truth, MaskBand(0, 100)), Capture(truth, Full())];

        Result<BiometricRecord> result = scheme.Enroll(captures, Did);

        Assert.AreEqual(ErrorCodes.BiometricCaptureUnusable, result.Error?.Code);
    }

    [TestMethod]
    public void Enroll_EmptyList_ReturnsInvalidCapture()
    {
        using var pepper = Pepper(4);

        Result<BiometricRecord> result = new BinaryFuzzyCommitment(pepper, s_fast).Enroll(Array.Empty<BinaryCapture>(), Did);

        Assert.AreEqual(ErrorCodes.InvalidBiometricCapture, result.Error?.Code);
    }

    internal static BinaryCapture Capture(byte[] bits, byte[] mask) => BinaryCapture.Create(bits, mask).Value;

    internal static byte[] Full() => Enumerable.Repeat((byte)0xFF, 256).ToArray();

    // A mask with bytes [start, start + length) masked out (an eyelid band).
    internal static byte[] MaskBand(int start, int length)
    {
        byte[] mask = Full();
        mask.AsSpan(start, length).Clear();
        return mask;
    }

    // Probe bit i = template bit (i − 8·columns), as a capture of an eye rotated by whole 8-bit columns.
    internal static byte[] Rotate(byte[] template, int columns)
    {
        var rotated = new byte[template.Length];
        for (int i = 0; i < template.Length; i++)
        {
            rotated[(((i + columns) % template.Length) + template.Length) % template.Length] = template[i];
        }

        return rotated;
    }

    private static SecureBuffer Pepper(int seed) => EmbeddingFuzzyCommitmentTests.Pepper(seed);
}
