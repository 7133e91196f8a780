using Identity.Primitives;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class DidTests
{
    [TestMethod]
    [DataRow("did:example:123456789abcdefghi", "example", "123456789abcdefghi")]
    [DataRow("did:web:example.com%3A8443:tenants:st-marys", "web", "example.com%3A8443:tenants:st-marys")]
    [DataRow("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", "key", "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp")]
    [DataRow("did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", "pkh", "eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")]
    [DataRow("did:e2e:a::b", "e2e", "a::b")]
    [DataRow("did:x:_.-", "x", "_.-")]
    public void Parse_ValidDid_SplitsMethodAndId(string text, string method, string id)
    {
        var did = Did.Parse(text);

        Assert.IsTrue(did.IsSuccess, did.Error?.ToString());
        Assert.AreEqual(method, did.Value.Method);
        Assert.AreEqual(id, did.Value.MethodSpecificId);
        Assert.AreEqual(text, did.Value.ToString());
    }

    [TestMethod]
    [DataRow(null, "null")]
    [DataRow("", "empty")]
    [DataRow("did:", "no method")]
    [DataRow("did:example", "no method-specific id")]
    [DataRow("did:example:", "empty method-specific id")]
    [DataRow("did:Example:123", "upper-case method")]
    [DataRow("did:ex-ample:123", "hyphen in method")]
    [DataRow("DID:example:123", "upper-case scheme")]
    [DataRow("did:example:123:", "trailing colon")]
    [DataRow("did:example:12 3", "space")]
    [DataRow("did:example:12%3", "truncated percent-encoding")]
    [DataRow("did:example:12%G0", "non-hex percent-encoding")]
    [DataRow("did:example:123#frag", "a DID URL is not a DID")]
    [DataRow("did:example:123/path", "a path is not part of a DID")]
    [DataRow("did:example:ünïcode", "non-ASCII")]
    [DataRow("did:example:\u0000", "NUL")]
    public void Parse_InvalidDid_ReturnsInvalidDid(string? text, string because)
    {
        var did = Did.Parse(text);

        Assert.IsFalse(did.IsSuccess, because);
        Assert.AreEqual(ErrorCodes.InvalidDid, did.Error!.Code, because);
        Assert.IsFalse(Did.TryParse(text, out _), because);
    }

    [TestMethod]
    public void Parse_VeryLongInput_FailsFast()
    {
        var text = "did:example:" + new string('a', 1_000_000);

        var did = Did.Parse(text);

        Assert.AreEqual(ErrorCodes.InvalidDid, did.Error?.Code);
    }

    [TestMethod]
    public void Equality_SameText_Equal_CaseSensitive()
    {
        Assert.AreEqual(Did.Parse("did:example:abc").Value, Did.Parse("did:example:abc").Value);
        Assert.AreNotEqual(Did.Parse("did:example:abc").Value, Did.Parse("did:example:ABC").Value);
    }

    [TestMethod]
    public void Value_FailedResult_ThrowsInvalidOperation()
    {
        var did = Did.Parse("nope");

        Assert.ThrowsExactly<InvalidOperationException>(() => _ = did.Value);
    }
}
