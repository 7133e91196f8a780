using Identity.Dids;
using Identity.Primitives;

namespace Identity.Dids.Tests;

[TestClass]
public sealed class VerificationMethodTests
{
    [TestMethod]
    public void GetPublicKey_HugeLegacyBase58_FailsFastWithInvalidPublicKey()
    {
        // An attacker-controlled DID document can carry any string; base58 decoding is quadratic, so it must be bounded.
        var method = new VerificationMethod
        {
            Id = "did:example:1#k",
            Type = VerificationMethodTypes.Ed25519VerificationKey2018,
            Controller = "did:example:1",
            PublicKeyBase58 = new string('2', 1_000_000),
        };

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, method.GetPublicKey().Error?.Code);
    }
}
