// C2SP tlog-checkpoint example — https://c2sp.org/tlog-checkpoint
using Identity.Primitives.TransparencyLog;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class CheckpointTests
{
    private const string SpecExample = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    [TestMethod]
    public void TryParse_SpecExample_RoundTripsByteForByte()
    {
        Assert.IsTrue(Checkpoint.TryParse(SpecExample, out var checkpoint));

        Assert.AreEqual("example.com/behind-the-sofa", checkpoint!.Origin);
        Assert.AreEqual(20852163, checkpoint.Size);
        Assert.AreEqual(SpecExample, checkpoint.ToText());
    }

    [TestMethod]
    public void TryParse_ExtensionLine_IsIgnored()
    {
        Assert.IsTrue(Checkpoint.TryParse(SpecExample + "extension\n", out var checkpoint));

        Assert.AreEqual(SpecExample, checkpoint!.ToText());
    }

    [TestMethod]
    [DataRow("example.com/log\n020\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [DataRow("example.com/log\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [DataRow("example.com/log\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")]
    [DataRow("example.com/log\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2\n")]
    [DataRow("example.com/log\n20\n\n")]
    [DataRow("example com\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n")]
    [DataRow("example.com/log\n20\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n")]
    public void TryParse_Malformed_IsRefused(string text) => Assert.IsFalse(Checkpoint.TryParse(text, out _));

    [TestMethod]
    public void ToText_EmptyTree_IsSizeZeroAndTheEmptyHash() =>
        Assert.AreEqual("log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", new Checkpoint("log", 0, MerkleHash.EmptyRoot).ToText());
}
