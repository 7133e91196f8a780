using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Biometrics.Tests.Coding;
using Identity.Primitives;
using Identity.Cryptography;
using static Identity.Biometrics.Tests.Templates.BinaryFusionTests;

namespace Identity.Biometrics.Tests.Templates;

[TestClass]
public sealed class ErasureFuzzyCommitmentTests
{
    private const string Did = "did:example:patient-123";
    private const int Bits = ErasureFuzzyCommitment.TemplateBits;

    private static readonly BinaryFuzzyCommitmentOptions s_fast = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin };

    [TestMethod]
    public void Match_ProbeWith30PercentEyelidBandAnd15PercentErrors_MatchesWhereTheBchSchemeCannot()
    {
        // Arrange: 614 masked bits (30%) cost the BCH scheme ~307 errors; with 15% errors on the rest it exceeds t = 439.
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(1);
        var random = new Random(1);
        byte[] truth = BitNoise.RandomBits(random, Bits);
        byte[] mask = MaskBand(100, 76);
        byte[] probe = Rotate(BitNoise.FlipDistinct(random, truth, Bits, 300), 2);
        byte[] probeMask = Rotate(mask, 2);
        var erasure = new ErasureFuzzyCommitment(pepper, s_fast);
        var bch = new BinaryFuzzyCommitment(pepper, s_fast);

        // Act
        BiometricRecord record = erasure.Enroll(truth, Full(), Did).Value;
        BiometricRecord bchRecord = bch.Enroll(truth, Full(), Did).Value;

        // Assert
        Assert.IsTrue(erasure.Match(probe, probeMask, Did, record).Value);
        Assert.IsFalse(bch.Match(probe, probeMask, Did, bchRecord).Value);
    }

    [TestMethod]
    public void Match_ImpostorsIncludingMaskedAtTheLimit_ReturnFalse()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(2);
        var scheme = new ErasureFuzzyCommitment(pepper, s_fast);
        var random = new Random(2);
        BiometricRecord record = scheme.Enroll(BitNoise.RandomBits(random, Bits), Full(), Did).Value;

        for (int k = 0; k < 20; k++)
        {
            byte[] mask = k % 2 == 0 ? Full() : MaskBand(random.Next(0, 180), 76);
            Result<bool> result = scheme.Match(BitNoise.RandomBits(random, Bits), mask, Did, record);

            Assert.IsTrue(result.IsSuccess);
            Assert.IsFalse(result.Value);
        }
    }

    [TestMethod]
    public void Match_ProbeMaskedBeyondTheLimit_FailsClosedWithCaptureUnusable()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(3);
        var scheme = new ErasureFuzzyCommitment(pepper, s_fast);
        byte[] truth = BitNoise.RandomBits(new Random(3), Bits);
        BiometricRecord record = scheme.Enroll(truth, Full(), Did).Value;

        // The exact template, but 31% masked: refused before any decoding, although the visible bits are all right.
        Result<bool> result = scheme.Match(truth, MaskBand(0, 80), Did, record);

        Assert.AreEqual(ErrorCodes.BiometricCaptureUnusable, result.Error?.Code);
    }

    [TestMethod]
    [DataRow(ErasureFuzzyCommitment.MaxErasedBlocks, true)]
    [DataRow(ErasureFuzzyCommitment.MaxErasedBlocks + 1, false)]
    public void Decode_ErasedBlocksOverTheLimit_FailClosedEvenWhenTheRestIsExact(int erasedBlocks, bool decodes)
    {
        // Arrange: an error-free received word (the codeword itself), full reliability, and whole blocks unseen.
        var random = new Random(erasedBlocks);
        var key = new byte[ErasureFuzzyCommitment.KeyBytes];
        random.NextBytes(key);
        var codeword = new byte[256];
        ErasureFuzzyCommitment.Encode(key, new int[ErasureFuzzyCommitment.Blocks], codeword);
        byte[] weights = Enumerable.Repeat((byte)3, Bits).ToArray();
        byte[] validity = Enumerable.Range(0, Bits).Select(i => (byte)(i / 64 < erasedBlocks ? 0 : 1)).ToArray();
        var decoded = new byte[ErasureFuzzyCommitment.KeyBytes];

        // Act
        bool result = ErasureFuzzyCommitment.Decode(codeword, validity, weights, new DecodeScratch(), decoded);

        // Assert
        Assert.AreEqual(decodes, result);
        CollectionAssert.AreEqual(decodes ? key : new byte[key.Length], decoded);
    }

    [TestMethod]
    public void Enroll_ThreeCaptures_WeighsBitsByVoteMarginAndMatchesANoisyMaskedProbe()
    {
        // Arrange: three 12%-noise captures, rotated, each with its own eyelid band.
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(4);
        var scheme = new ErasureFuzzyCommitment(pepper, s_fast);
        var random = new Random(4);
        byte[] truth = BitNoise.RandomBits(random, Bits);
        BinaryCapture[] captures = [.. new[] { 0, 2, -4 }.Select((r, c) => Capture(Rotate(BitNoise.FlipDistinct(random, truth, Bits, 250), r), Rotate(MaskBand(c * 50, 60), r)))];

        // Act
        Result<BiometricRecord> record = scheme.Enroll(captures, Did);

        // Assert: every weight 0 … 3 occurs (unseen or tied, single vote or 2–1, two agreeing, three agreeing).
        Assert.IsTrue(record.IsSuccess, record.Error?.Detail);
        Assert.AreEqual(ErasureFuzzyCommitment.HelperBytes, record.Value.Helper.Length);
        var weights = new byte[Bits];
        ErasureFuzzyCommitment.UnpackReliability(record.Value.Helper.AsSpan()[256..], weights);
        CollectionAssert.AreEquivalent(new byte[] { 0, 1, 2, 3 }, weights.Distinct().ToArray());
        byte[] probe = Rotate(BitNoise.FlipDistinct(random, truth, Bits, 330), 1);
        Assert.IsTrue(scheme.Match(probe, Rotate(MaskBand(30, 70), 1), Did, record.Value).Value);
        Assert.IsFalse(scheme.Match(BitNoise.RandomBits(random, Bits), Full(), Did, record.Value).Value);
        Array.ForEach(captures, c => c.Dispose());
    }

    [TestMethod]
    public void Enroll_CapturesOfDifferentEyes_FailsToEnrol()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(5);
        var random = new Random(5);
        byte[] eye = BitNoise.RandomBits(random, Bits);
        BinaryCapture[] captures = [Capture(eye, Full()), Capture(BitNoise.FlipDistinct(random, eye, Bits, 100), Full()), Capture(BitNoise.RandomBits(random, Bits), Full())];

        Result<BiometricRecord> result = new ErasureFuzzyCommitment(pepper, s_fast).Enroll(captures, Did);

        Assert.AreEqual(ErrorCodes.BiometricCaptureUnusable, result.Error?.Code);
        StringAssert.Contains(result.Error!.Detail, "disagree");
        Array.ForEach(captures, c => c.Dispose());
    }

    [TestMethod]
    public void Match_OtherDidOtherPepperOrTamperedRecord_DoNotMatch()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(6);
        using var otherPepper = EmbeddingFuzzyCommitmentTests.Pepper(7);
        var scheme = new ErasureFuzzyCommitment(pepper, s_fast);
        byte[] template = BitNoise.RandomBits(new Random(6), Bits);
        BiometricRecord record = scheme.Enroll(template, Full(), Did).Value;

        Assert.IsTrue(scheme.Match(template, Full(), Did, record).Value);
        Assert.IsFalse(scheme.Match(template, Full(), "did:example:someone-else", record).Value);
        Assert.IsFalse(new ErasureFuzzyCommitment(otherPepper, s_fast).Match(template, Full(), Did, record).Value);
        Assert.AreEqual(ErrorCodes.InvalidBiometricRecord, scheme.Match(template, Full(), Did, record with { Helper = record.Helper.Slice(0, 256) }).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidBiometricRecord, scheme.Match(template, Full(), Did, record with { Version = 1 }).Error?.Code);
    }

    [TestMethod]
    public void Enroll_SameTemplateTwice_GivesUnrelatedRecordsThatBothMatch()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(8);
        var scheme = new ErasureFuzzyCommitment(pepper, s_fast);
        byte[] template = BitNoise.RandomBits(new Random(8), Bits);

        BiometricRecord first = scheme.Enroll(template, Full(), Did).Value;
        BiometricRecord second = scheme.Enroll(template, Full(), Did).Value;

        CollectionAssert.AreNotEqual(first.Salt.ToArray(), second.Salt.ToArray());
        int distance = BitNoise.Distance(first.Helper.AsSpan(0, 256), second.Helper.AsSpan(0, 256));
        Assert.IsTrue(distance is > 900 and < 1150, $"helper distance {distance}");
        Assert.IsTrue(scheme.Match(template, Full(), Did, first).Value);
        Assert.IsTrue(scheme.Match(template, Full(), Did, second).Value);
    }
}
