using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

[TestClass]
public sealed class DidWebTests
{
    // did:web Method Specification §3.2 Read (Resolve), the spec's own examples first.
    [TestMethod]
    [DataRow("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json")]
    [DataRow("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json")]
    [DataRow("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json")]
    [DataRow("did:web:example.com", "https://example.com/.well-known/did.json")]
    [DataRow("did:web:localhost%3A5080:tenants:a", "https://localhost:5080/tenants/a/did.json")]
    [DataRow("did:web:localhost%3a5080", "https://localhost:5080/.well-known/did.json")]
    [DataRow("did:web:127.0.0.1%3A8443", "https://127.0.0.1:8443/.well-known/did.json")]
    [DataRow("did:web:%5B%3A%3A1%5D%3A8443:a", "https://[::1]:8443/a/did.json")]
    [DataRow("did:web:example.com:caf%C3%A9", "https://example.com/caf%C3%A9/did.json")]
    [DataRow("did:web:example.com:v1.0:a_b-c", "https://example.com/v1.0/a_b-c/did.json")]
    public void ToDocumentUrl_ValidDid_MapsToHttpsUrl(string did, string expected)
    {
        var url = DidWeb.ToDocumentUrl(Did.Parse(did).Value);

        Assert.IsTrue(url.IsSuccess, url.Error?.ToString());
        Assert.AreEqual(expected, url.Value.AbsoluteUri);
    }

    [TestMethod]
    public void ToDocumentUrl_UseHttp_MapsToHttpUrl()
    {
        var url = DidWeb.ToDocumentUrl(Did.Parse("did:web:localhost%3A5080:tenants:a").Value, useHttp: true);

        Assert.AreEqual("http://localhost:5080/tenants/a/did.json", url.Value.AbsoluteUri);
    }

    [TestMethod]
    [DataRow("did:web:example.com::alice")]            // empty segment
    [DataRow("did:web::example.com")]                   // empty host segment
    [DataRow("did:web:example.com:..:admin")]           // traversal
    [DataRow("did:web:example.com:.")]                  // dot segment
    [DataRow("did:web:example.com:%2E%2E:admin")]       // encoded traversal
    [DataRow("did:web:example.com:a%2Fb")]              // encoded slash
    [DataRow("did:web:example.com:a%5Cb")]              // encoded backslash
    [DataRow("did:web:example.com:a%3Fb")]              // encoded query
    [DataRow("did:web:example.com:a%23b")]              // encoded fragment
    [DataRow("did:web:example.com:a%252E%252E")]        // double-encoded traversal
    [DataRow("did:web:example.com:a%00")]               // control character
    [DataRow("did:web:user%40example.com")]             // userinfo
    [DataRow("did:web:user%3Apass%40example.com")]      // userinfo with password
    [DataRow("did:web:example.com%3A")]                 // empty port
    [DataRow("did:web:example.com%3A0")]                // port 0
    [DataRow("did:web:example.com%3A65536")]            // port out of range
    [DataRow("did:web:example.com%3A80a")]              // port not a number
    [DataRow("did:web:example.com%3A80%3A81")]          // two ports
    [DataRow("did:web:%3A80")]                          // no host
    [DataRow("did:web:exa%20mple.com")]                 // space in the host
    [DataRow("did:web:example.com%2Fevil")]             // slash in the host
    [DataRow("did:web:%3A%3A1")]                        // unbracketed IPv6
    [DataRow("did:web:%5B%3A%3A1")]                     // unclosed bracket
    [DataRow("did:web:%5Bnot-an-ip%5D")]                // bracketed non-IP
    [DataRow("did:web:%5B%3A%3A1%5Dx")]                 // junk after the bracket
    [DataRow("did:web:%5Bfe80%3A%3A1%25eth0%5D")]       // IPv6 zone id
    public void ToDocumentUrl_MalformedDid_ReturnsInvalidDid(string did)
    {
        var url = DidWeb.ToDocumentUrl(Did.Parse(did).Value);

        Assert.IsFalse(url.IsSuccess, $"{did} mapped to {(url.IsSuccess ? url.Value : null)}");
        Assert.AreEqual(ErrorCodes.InvalidDid, url.Error.Code, url.Error.Detail);
    }

    [TestMethod]
    public void ToDocumentUrl_OtherMethod_ReturnsMethodNotSupported()
    {
        var url = DidWeb.ToDocumentUrl(Did.Parse("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp").Value);

        Assert.AreEqual(ErrorCodes.MethodNotSupported, url.Error?.Code);
    }

    [TestMethod]
    [DataRow("example.com", null, new string[0], "did:web:example.com")]
    [DataRow("w3c-ccg.github.io", null, new[] { "user", "alice" }, "did:web:w3c-ccg.github.io:user:alice")]
    [DataRow("example.com", 3000, new[] { "user", "alice" }, "did:web:example.com%3A3000:user:alice")]
    [DataRow("localhost", 5080, new[] { "tenants", "a" }, "did:web:localhost%3A5080:tenants:a")]
    [DataRow("127.0.0.1", 8443, new string[0], "did:web:127.0.0.1%3A8443")]
    [DataRow("::1", 8443, new[] { "a" }, "did:web:%5B%3A%3A1%5D%3A8443:a")]
    [DataRow("[::1]", null, new string[0], "did:web:%5B%3A%3A1%5D")]
    public void Create_ValidParts_BuildsDidThatMapsBack(string host, int? port, string[] segments, string expected)
    {
        var did = DidWeb.Create(host, port, segments);

        Assert.AreEqual(expected, did);
        var url = DidWeb.ToDocumentUrl(Did.Parse(did).Value).Value;
        Assert.AreEqual(port ?? 443, url.Port);
        Assert.AreEqual(host.Trim('[', ']'), url.IdnHost.Trim('[', ']'));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("exa mple.com")]
    [DataRow("user@example.com")]
    [DataRow("example.com/evil")]
    [DataRow("example.com:80")]
    [DataRow("fe80::1%eth0")]
    public void Create_BadHost_ThrowsArgumentException(string host)
    {
        Assert.ThrowsExactly<ArgumentException>(() => DidWeb.Create(host, null));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(".")]
    [DataRow("..")]
    [DataRow("a/b")]
    [DataRow("a:b")]
    [DataRow("a%2Fb")]
    [DataRow("a b")]
    [DataRow("café")]
    public void Create_BadSegment_ThrowsArgumentException(string segment)
    {
        Assert.ThrowsExactly<ArgumentException>(() => DidWeb.Create("example.com", null, "ok", segment));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(-1)]
    [DataRow(65536)]
    public void Create_PortOutOfRange_ThrowsArgumentOutOfRangeException(int port)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => DidWeb.Create("example.com", port));
    }

    [TestMethod]
    public void Create_NullHost_ThrowsArgumentNullException()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => DidWeb.Create(null!, null));
    }
}
