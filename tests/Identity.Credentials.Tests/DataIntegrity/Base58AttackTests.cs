// Red-team test for the 32-bit-limb base58btc decoder: leading zero bytes, limb boundaries and the longest accepted body
// decode to SimpleBase's bytes (the decoder it replaced).
using Identity.Primitives;
using Base58 = SimpleBase.Base58;

namespace Identity.Credentials.Tests.DataIntegrity;

[TestClass]
public sealed class Base58AttackTests
{
    [TestMethod]
    public void DecodeBase58Btc_LimbBoundariesAndLeadingZeros_SameAsSimpleBase()
    {
        var inputs = new List<byte[]> { new byte[] { 0 }, new byte[] { 0, 0, 0 }, new byte[] { 0, 0, 1 }, new byte[] { 1 }, new byte[] { 0xFF } };
        foreach (int length in (int[])[3, 4, 5, 7, 8, 9, 31, 32, 33, 64, 65, 100])
        {
            foreach (byte fill in (byte[])[0x00, 0x01, 0x7F, 0x80, 0xFF])
            {
                byte[] value = Enumerable.Repeat(fill, length).ToArray();
                inputs.Add(value);
                inputs.Add([0, .. value]);
                inputs.Add([1, .. new byte[length]]);
                inputs.Add([0, 0, .. new byte[length - 1], 1]);
            }
        }

        foreach (byte[] bytes in inputs)
        {
            string body = Base58.Bitcoin.Encode(bytes);
            Result<byte[]> decoded = Multibase.DecodeBase58Btc(body);
            Assert.IsTrue(decoded.IsSuccess, body);
            CollectionAssert.AreEqual(bytes, decoded.Value, body);
        }
    }

    [TestMethod]
    [DataRow('z')]
    [DataRow('1')]
    [DataRow('2')]
    public void DecodeBase58Btc_LongestBody_SameAsSimpleBase(char digit)
    {
        string body = (digit == '1' ? "" : "1") + new string(digit, Multibase.MaxBase58Length - (digit == '1' ? 0 : 1));

        Result<byte[]> decoded = Multibase.DecodeBase58Btc(body);

        Assert.IsTrue(decoded.IsSuccess);
        CollectionAssert.AreEqual(Base58.Bitcoin.Decode(body), decoded.Value);
        Assert.IsFalse(Multibase.DecodeBase58Btc(body + "z").IsSuccess);
    }
}
