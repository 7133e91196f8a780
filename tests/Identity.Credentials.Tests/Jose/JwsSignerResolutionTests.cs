using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Jose;

/// <summary>The JWS signer check reports its outcome in two typed levels, so no caller sorts error codes.</summary>
[TestClass]
public sealed class JwsSignerResolutionTests
{
    private static readonly JwsSignerResolution s_signers = new(new DidResolver([new DidKeyMethod()]));

    private static (PrivateKey Key, string Did, string Method) NewSigner()
    {
        var key = SignatureAlgorithms.Ed25519.GenerateKey();
        string multibase = Multikey.EncodePublicKey(key.PublicKey);
        return (key, "did:key:" + multibase, $"did:key:{multibase}#{multibase}");
    }

    private static CompactJws Token(PrivateKey key, string kid) =>
        CompactJws.Parse(CompactJws.Sign(new JsonObject { ["kid"] = kid }, Encoding.UTF8.GetBytes("""{"iss":"x"}"""), key)).Value;

    [TestMethod]
    public async Task VerifyAsync_GoodSignature_IsValidWithTheMethod()
    {
        var (key, did, method) = NewSigner();
        using var _ = key;

        var outcome = await s_signers.VerifyAsync(Token(key, method), did, VerificationRelationship.AssertionMethod);

        Assert.IsTrue(outcome.Verdict.IsValid, outcome.Verdict.Error?.ToString());
        Assert.AreEqual(method, outcome.VerificationMethod);
    }

    [TestMethod]
    public async Task VerifyAsync_SignatureOfAnotherKey_IsCheckedAndInvalid()
    {
        var (key, did, method) = NewSigner();
        var (other, _, _) = NewSigner();
        using var _k = key;
        using var _o = other;

        var outcome = await s_signers.VerifyAsync(Token(other, method), did, VerificationRelationship.AssertionMethod);

        Assert.IsTrue(outcome.Verdict.Checked);
        Assert.AreEqual(ErrorCodes.InvalidSignature, outcome.Verdict.Error!.Code);
    }

    [TestMethod]
    public async Task VerifyAsync_KidOfAnotherDid_IsNotCheckedKeyNotAuthorized()
    {
        var (key, _, method) = NewSigner();
        var (other, otherDid, _) = NewSigner();
        using var _k = key;
        using var _o = other;

        var outcome = await s_signers.VerifyAsync(Token(key, method), otherDid, VerificationRelationship.AssertionMethod);

        Assert.AreEqual(UncheckedReason.KeyNotAuthorized, outcome.Verdict.Reason);
        Assert.AreEqual(ErrorCodes.IssuerMismatch, outcome.Verdict.Error!.Code);
    }

    [TestMethod]
    public async Task VerifyAsync_UnresolvableKid_IsNotCheckedUnresolvableKey()
    {
        var (key, _, _) = NewSigner();
        using var _k = key;

        var outcome = await s_signers.VerifyAsync(Token(key, "did:example:nobody#key-1"), null, VerificationRelationship.AssertionMethod);

        Assert.AreEqual(UncheckedReason.UnresolvableKey, outcome.Verdict.Reason);
        Assert.IsNull(outcome.VerificationMethod);
    }

    [TestMethod]
    public void Check_AlgorithmTheKeyCannotVerify_IsNotCheckedUnsupportedCryptosuite()
    {
        var (key, _, method) = NewSigner();
        using var _k = key;
        using var p256 = SignatureAlgorithms.P256.GenerateKey();

        var verdict = JwsAlgorithms.Check(Token(key, method), p256.PublicKey);

        Assert.AreEqual(UncheckedReason.UnsupportedCryptosuite, verdict.Reason);
        Assert.AreEqual(ErrorCodes.AlgorithmNotAllowed, verdict.Error!.Code);
    }
}
