using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Biometrics.Tests.Coding;
using Identity.Biometrics.Tests.Templates;
using Identity.Cryptography;

namespace Identity.Biometrics.Tests;

/// <summary>
/// Records are versioned by scheme id: iris records enrolled before the erasure-aware scheme (fcs-bch2047-67-argon2id-v1)
/// keep matching through <see cref="BiometricProtector"/>, while new enrolments get fcs-rs32-had64-112-argon2id-v2.
/// </summary>
[TestClass]
public sealed class RecordVersioningTests
{
    private const string Did = "did:example:patient-123";

    // A v1 record as stored before the v2 scheme existed: BinaryFuzzyCommitment.Enroll of BitNoise.RandomBits(new
    // Random(42), 2048), full mask, pepper EmbeddingFuzzyCommitmentTests.Pepper(42), Argon2id (1, 8 KiB). Canonical bytes.
    private const string StoredV1Record =
        "011A6663732D626368323034372D36372D6172676F6E3269642D7631000100000001000000000000200010B8D2B7FAAB7E106027DC8359BB" +
        "7DE505010074AA052EBDB644B3601815EC77A930E69704E30112E41358E72AB57095493BB2761EEC240645E364C939F92B61D400E0BF421B" +
        "36D0A24F951B8F67C4ACA6976EC06703F29B0046674C8B10AA773D15977A65F4D57E036A15A7CB4859F8FB8EBCA225E748CFB61E16D3A5F8" +
        "EAD4C2DBD50FEDCC55B931A57DC3A53DDE98A502DA7EB32A64FA9C8697D36D8C64070D57A934F66D360FFE9E0F6923211E64AE072A519A59" +
        "D30DFA20839DF2AE1702236D47D6A2255E7A5C080A319F3FAFA519F532BAB3943DE0820C24BAF189252CE5CEF2B0F959BB360BA0F1610696" +
        "B9742554A27BAF39186235C856D0C1216E2DC3E7A42C24A70A9374B56AE5875BA265E8E11220CADD29CC78133911E85AF68D9E293C1A9F2B" +
        "C363C7AEF15ED5B82A460F51CA8B";

    private const string StoredV1Digest = "Ij9HWrTLsQfSMBiDoxnxCWUmVHBmHvRCVBM4fzJayLo";

    private static readonly BiometricProtectorOptions s_fast = new()
    {
        Binary = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin },
        Embedding = new() { OpsLimit = 1, MemLimitBytes = Argon2id.MemLimitMin },
    };

    [TestMethod]
    public void Match_RecordStoredInTheV1Format_StillMatchesTheRightEyeOnly()
    {
        // Arrange
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(42);
        var protector = new BiometricProtector(pepper, s_fast);
        var random = new Random(42);
        byte[] eye = BitNoise.RandomBits(random, 2048);
        BiometricRecord record = BiometricRecord.Parse(Convert.FromHexString(StoredV1Record)).Value;
        using BinaryCapture genuine = BinaryCapture.Create(BitNoise.FlipDistinct(random, eye, 2048, 200), BinaryFusionTests.Full()).Value;
        using BinaryCapture impostor = BinaryCapture.Create(BitNoise.RandomBits(random, 2048), BinaryFusionTests.Full()).Value;

        // Act / Assert: the stored bytes still parse to the same record (same recordDigest as in issued credentials) and match.
        Assert.AreEqual(BinaryFuzzyCommitment.SchemeId, record.SchemeId);
        Assert.AreEqual(1, record.Version);
        Assert.AreEqual(StoredV1Digest, record.Digest());
        Assert.AreEqual(BiometricModality.Iris, BiometricProtector.ModalityOf(record.SchemeId));
        Assert.IsTrue(protector.Match(genuine, Did, record).Value);
        Assert.IsFalse(protector.Match(impostor, Did, record).Value);
    }

    [TestMethod]
    public void Enroll_NewIrisRecords_UseTheErasureAwareSchemeAndBothVersionsMatch()
    {
        using var pepper = EmbeddingFuzzyCommitmentTests.Pepper(43);
        var protector = new BiometricProtector(pepper, s_fast);
        var random = new Random(43);
        byte[] eye = BitNoise.RandomBits(random, 2048);
        using BinaryCapture enrol = BinaryCapture.Create(eye, BinaryFusionTests.Full()).Value;
        using BinaryCapture probe = BinaryCapture.Create(BitNoise.FlipDistinct(random, eye, 2048, 150), BinaryFusionTests.MaskBand(40, 60)).Value;
        BiometricRecord v1 = new BinaryFuzzyCommitment(pepper, s_fast.Binary).Enroll(eye, BinaryFusionTests.Full(), Did).Value;

        BiometricRecord v2 = protector.Enroll(BiometricModality.Iris, [enrol], Did).Value;

        Assert.AreEqual(ErasureFuzzyCommitment.SchemeId, v2.SchemeId);
        Assert.AreEqual(ErasureFuzzyCommitment.SchemeId, BiometricProtector.SchemeFor(BiometricModality.Iris));
        Assert.AreEqual(2, v2.Version);
        Assert.IsTrue(protector.Match(probe, Did, v2).Value);
        Assert.IsTrue(protector.Match(probe, Did, v1).Value);
        Assert.IsLessThanOrEqualTo(1024, v2.ToBytes().Length);
    }
}
