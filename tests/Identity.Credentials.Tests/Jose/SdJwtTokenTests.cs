using Identity.Credentials.SdJwt;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Jose;

/// <summary>Splitting an SD-JWT into the issuer JWS, its disclosures and the Key Binding JWT, in one pass over the text.</summary>
[TestClass]
public sealed class SdJwtTokenTests
{
    // A structurally valid compact JWS: {"alg":"EdDSA"} . {} . one signature byte.
    private const string Jws = "eyJhbGciOiJFZERTQSJ9.e30.AA";

    [TestMethod]
    [DataRow(Jws + "~", new string[0], null)]
    [DataRow(Jws + "~d1~", new[] { "d1" }, null)]
    [DataRow(Jws + "~d1~d2~kb.kb.kb", new[] { "d1", "d2" }, "kb.kb.kb")]
    [DataRow(Jws + "~kb.kb.kb", new string[0], "kb.kb.kb")]
    public void Parse_WellFormed_SplitsEveryPart(string text, string[] disclosures, string? keyBinding)
    {
        SdJwtToken token = SdJwtToken.Parse(text).Value;

        Assert.AreEqual(Jws, token.IssuerJwt.Token);
        CollectionAssert.AreEqual(disclosures, token.Disclosures.ToArray());
        Assert.AreEqual(keyBinding, token.KeyBindingJwt);
        Assert.AreEqual(text[..(text.LastIndexOf('~') + 1)], token.WithoutKeyBinding);
    }

    [TestMethod]
    [DataRow(Jws + "~~", ErrorCodes.MalformedDisclosure)]
    [DataRow(Jws + "~~kb.kb.kb", ErrorCodes.MalformedDisclosure)]
    [DataRow(Jws + "~d1~~", ErrorCodes.MalformedDisclosure)]
    [DataRow(Jws + "~~d1~", ErrorCodes.MalformedDisclosure)]
    [DataRow(Jws, ErrorCodes.MalformedJws)]
    [DataRow("~d1~", ErrorCodes.MalformedJws)]
    public void Parse_Malformed_IsRefused(string text, string code)
    {
        Assert.AreEqual(code, SdJwtToken.Parse(text).Error!.Code);
    }

    [TestMethod]
    public void Parse_TooManyDisclosures_IsRefused()
    {
        string text = Jws + "~" + string.Concat(Enumerable.Repeat("d~", SdJwtProcessor.MaxDisclosures + 1));

        Assert.AreEqual(ErrorCodes.MalformedDisclosure, SdJwtToken.Parse(text).Error!.Code);
        Assert.IsTrue(SdJwtToken.Parse(Jws + "~" + string.Concat(Enumerable.Repeat("d~", SdJwtProcessor.MaxDisclosures))).IsSuccess);
    }
}
