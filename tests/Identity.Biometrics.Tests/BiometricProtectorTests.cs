using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Biometrics.Tests.Coding;
using Identity.Biometrics.Tests.Templates;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Tests;

[TestClass]
public sealed class BiometricProtectorTests
{
    private const string Did = "did:example:patient-123";

    private static readonly BiometricProtectorOptions s_fast = new()
    {
        Binary = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin },
        Embedding = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin },
    };

    [TestMethod]
    public void EnrollAndMatch_BothModalities_RoundTripThroughTheRecordCodec()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(1);
        var protector = new BiometricProtector(pepper, s_fast);
        var random = new Random(1);
        byte[] iris = BitNoise.RandomBits(random, 2048);
        float[] face = SyntheticFaces.Identity(random);
        using BinaryCapture irisCapture = BinaryCapture.Create(iris, BinaryFusionTests.Full()).Value;
        using EmbeddingCapture faceCapture = EmbeddingCapture.Create(face).Value;
        using BinaryCapture irisProbe = BinaryCapture.Create(BitNoise.FlipDistinct(random, iris, 2048, 200), BinaryFusionTests.Full()).Value;
        using EmbeddingCapture faceProbe = EmbeddingCapture.Create(SyntheticFaces.Capture(random, face, 0.75)).Value;

        foreach ((BiometricModality modality, BiometricCapture enrol, BiometricCapture probe) in
                 new (BiometricModality, BiometricCapture, BiometricCapture)[] { (BiometricModality.Iris, irisCapture, irisProbe), (BiometricModality.Face, faceCapture, faceProbe) })
        {
            BiometricRecord record = protector.Enroll(modality, [enrol], Did).Value;
            byte[] stored = record.ToBytes();
            BiometricRecord parsed = BiometricRecord.Parse(stored).Value;

            CollectionAssert.AreEqual(stored, parsed.ToBytes());
            Assert.AreEqual(record.Digest(), parsed.Digest());
            Assert.AreEqual(BiometricProtector.SchemeFor(modality), parsed.SchemeId);
            Assert.AreEqual(modality, BiometricProtector.ModalityOf(parsed.SchemeId));
            Assert.IsTrue(protector.Match(probe, Did, parsed).Value, modality.Name());
        }
    }

    [TestMethod]
    public void Parse_MalformedRecords_ReturnInvalidRecord()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(2);
        var protector = new BiometricProtector(pepper, s_fast);
        using EmbeddingCapture capture = EmbeddingCapture.Create(SyntheticFaces.Identity(new Random(2))).Value;
        byte[] stored = protector.Enroll(BiometricModality.Face, [capture], Did).Value.ToBytes();
        byte[] wrongFormat = (byte[])stored.Clone();
        wrongFormat[0] = 2;
        byte[] longSchemeLength = (byte[])stored.Clone();
        longSchemeLength[1] = 0xFF;
        byte[][] malformed = [[], stored[..^1], [.. stored, 0], wrongFormat, longSchemeLength, stored[..40], new byte[BiometricRecord.MaxEncodedBytes + 1]];

        foreach (byte[] bytes in malformed)
        {
            Assert.AreEqual(ErrorCodes.InvalidBiometricRecord, BiometricRecord.Parse(bytes).Error?.Code, $"{bytes.Length} bytes");
        }
    }

    [TestMethod]
    public void EnrollAndMatch_WrongModality_ReturnsInvalidCapture()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(3);
        var protector = new BiometricProtector(pepper, s_fast);
        using EmbeddingCapture face = EmbeddingCapture.Create(SyntheticFaces.Identity(new Random(3))).Value;
        using BinaryCapture iris = BinaryCapture.Create(BitNoise.RandomBits(new Random(3), 2048), BinaryFusionTests.Full()).Value;
        BiometricRecord faceRecord = protector.Enroll(BiometricModality.Face, [face], Did).Value;

        Assert.AreEqual(ErrorCodes.InvalidBiometricCapture, protector.Enroll(BiometricModality.Iris, [face], Did).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidBiometricCapture, protector.Enroll(BiometricModality.Face, [face, iris], Did).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidBiometricCapture, protector.Match(iris, Did, faceRecord).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidBiometricRecord, protector.Match(face, Did, faceRecord with { SchemeId = "fcs-unknown-v1" }).Error?.Code);
    }

    [TestMethod]
    public void Enroll_NoneOrTooManyCaptures_ReturnsInvalidCapture()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(4);
        var protector = new BiometricProtector(pepper, s_fast);
        using EmbeddingCapture face = EmbeddingCapture.Create(SyntheticFaces.Identity(new Random(4))).Value;

        Assert.AreEqual(ErrorCodes.InvalidBiometricCapture, protector.Enroll(BiometricModality.Face, [], Did).Error?.Code);
        Assert.AreEqual(
            ErrorCodes.InvalidBiometricCapture,
            protector.Enroll(BiometricModality.Face, Enumerable.Repeat<BiometricCapture>(face, BiometricProtector.MaxCaptures + 1).ToList(), Did).Error?.Code);
    }
}
