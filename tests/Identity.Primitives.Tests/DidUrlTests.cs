using Identity.Primitives;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class DidUrlTests
{
    [TestMethod]
    [DataRow("did:example:123#public-key-0", "did:example:123", "", null, "public-key-0")]
    [DataRow("did:example:123?service=agent&relativeRef=/credentials#degree", "did:example:123", "", "service=agent&relativeRef=/credentials", "degree")]
    [DataRow("did:example:123/path/to/rsrc", "did:example:123", "/path/to/rsrc", null, null)]
    [DataRow("did:example:123?versionTime=2021-05-10T17:00:00Z", "did:example:123", "", "versionTime=2021-05-10T17:00:00Z", null)]
    [DataRow("did:example:123/a%20b?q=1#f/?x", "did:example:123", "/a%20b", "q=1", "f/?x")]
    [DataRow("did:example:123?", "did:example:123", "", "", null)]
    [DataRow("did:example:123#", "did:example:123", "", null, "")]
    public void Parse_ValidDidUrl_SplitsComponents(string text, string did, string path, string? query, string? fragment)
    {
        var url = DidUrl.Parse(text);

        Assert.IsTrue(url.IsSuccess, url.Error?.ToString());
        Assert.AreEqual(did, url.Value.Did.Value);
        Assert.AreEqual(path, url.Value.Path);
        Assert.AreEqual(query, url.Value.Query);
        Assert.AreEqual(fragment, url.Value.Fragment);
        Assert.AreEqual(text, url.Value.ToString());
    }

    [TestMethod]
    [DataRow("did:example:123#frag ment", "space in fragment")]
    [DataRow("did:example:123#a#b", "second '#'")]
    [DataRow("did:example:123/pa th", "space in path")]
    [DataRow("did:example:123?q=%zz", "bad percent-encoding in query")]
    [DataRow("did:example:123?q=<x>", "'<' in query")]
    [DataRow("#key-1", "relative reference")]
    [DataRow("did:Example:123#x", "bad DID")]
    public void Parse_InvalidDidUrl_ReturnsInvalidDidUrl(string text, string because)
    {
        var url = DidUrl.Parse(text);

        Assert.IsFalse(url.IsSuccess, because);
        Assert.AreEqual(ErrorCodes.InvalidDidUrl, url.Error!.Code, because);
    }

    [TestMethod]
    [DataRow("#key-1", "did:example:123#key-1")]
    [DataRow("?service=files", "did:example:123?service=files")]
    [DataRow("did:other:9#k", "did:other:9#k")]
    public void Resolve_Reference_AgainstBaseDid(string reference, string expected)
    {
        var url = DidUrl.Resolve(Did.Parse("did:example:123").Value, reference);

        Assert.AreEqual(expected, url.Value.Value);
    }

    [TestMethod]
    public void GetQueryParameter_PercentEncoded_Decodes()
    {
        var url = DidUrl.Parse("did:example:123?service=agent&relativeRef=%2Fcredentials%3Fx%3D1&flag").Value;

        Assert.AreEqual("agent", url.GetQueryParameter("service"));
        Assert.AreEqual("/credentials?x=1", url.GetQueryParameter("relativeRef"));
        Assert.AreEqual("", url.GetQueryParameter("flag"));
        Assert.IsNull(url.GetQueryParameter("versionId"));
    }
}
