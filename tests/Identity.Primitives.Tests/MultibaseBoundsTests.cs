using Identity.Primitives;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class MultibaseBoundsTests
{
    [TestMethod]
    public void Decode_Base58BodyPastTheBound_FailsWithoutDecoding()
    {
        var value = "z" + new string('2', Multibase.MaxBase58Length + 1);

        var result = Multibase.Decode(value);

        Assert.AreEqual(ErrorCodes.InvalidMultibase, result.Error?.Code);
    }

    [TestMethod]
    public void DecodeBase58Btc_RawValue_RoundTripsAndRejectsBadCharacters()
    {
        var encoded = Multibase.Encode(MultibaseEncoding.Base58Btc, [0, 1, 2, 250])[1..];

        CollectionAssert.AreEqual(new byte[] { 0, 1, 2, 250 }, Multibase.DecodeBase58Btc(encoded).Value);
        Assert.AreEqual(ErrorCodes.InvalidMultibase, Multibase.DecodeBase58Btc("0OIl").Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidMultibase, Multibase.DecodeBase58Btc(new string('2', Multibase.MaxBase58Length + 1)).Error?.Code);
    }
}
