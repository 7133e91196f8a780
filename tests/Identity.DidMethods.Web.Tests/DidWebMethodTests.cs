using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.DidMethods.Web.Tests;

[TestClass]
public sealed partial class DidWebMethodTests : DidMethodContractTests
{
    private readonly FakeDidHost _host = new();

    public DidWebMethodTests()
    {
        Method = new DidWebMethod(handler: _host.Handler, resolveHost: Resolvers.ToPublic);
    }

    protected override IDidMethod Method { get; }

    protected override IReadOnlyList<KeyType> SupportedKeyTypes { get; } =
        [KeyType.Ed25519, KeyType.X25519, KeyType.P256, KeyType.P384, KeyType.Secp256k1];

    protected override IReadOnlyList<string> MalformedDids { get; } =
    [
        "did:web:example.com::alice",          // empty segment
        "did:web:example.com:..:admin",        // path traversal
        "did:web:example.com:%2E%2E",          // encoded traversal
        "did:web:example.com:a%2Fb",           // encoded slash
        "did:web:user%40example.com",          // userinfo
        "did:web:example.com%3A99999",         // port out of range
        "did:web:example.com%3A",              // empty port
        "did:web:%3A443",                      // no host
        "did:web:exa%20mple.com",              // space in the host
    ];

    /// <summary>"Generates" a did:web by publishing a document for the key on the fake host, in a type fitting the key.</summary>
    protected override Did CreateDid(PublicKey key)
    {
        var did = DidWeb.Create("issuer.example", null, "keys", Guid.NewGuid().ToString("N"));
        var type = key.KeyType switch
        {
            KeyType.P256 => VerificationMethodTypes.JsonWebKey,
            KeyType.P384 => VerificationMethodTypes.JsonWebKey2020,
            _ => VerificationMethodTypes.Multikey,
        };
        _host.Publish(did, Documents.WithKey(did, key, type));
        return Did.Parse(did).Value;
    }

    [TestMethod]
    public async Task Resolve_PublishedDocument_FetchesSpecUrlWithDidJsonAccept()
    {
        // Arrange
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(Documents.Minimal("did:web:w3c-ccg.github.io:user:alice")));
        using var method = new DidWebMethod(handler: handler, resolveHost: Resolvers.ToPublic);

        // Act
        var result = await method.ResolveAsync(Did.Parse("did:web:w3c-ccg.github.io:user:alice").Value, DidResolutionOptions.Default);

        // Assert
        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual("https://w3c-ccg.github.io/user/alice/did.json", handler.LastUrl?.AbsoluteUri);
        Assert.AreEqual("application/did+json, application/json", handler.LastAccept);
        Assert.AreEqual(DidDocumentJson.DidLdJson, result.ContentType);
    }

    [TestMethod]
    [DataRow(VerificationMethodTypes.Ed25519VerificationKey2018)]
    [DataRow(VerificationMethodTypes.Ed25519VerificationKey2020)]
    [DataRow(VerificationMethodTypes.JsonWebKey2020)]
    [DataRow(VerificationMethodTypes.Multikey)]
    public async Task Resolve_Ed25519InEachRepresentation_FragmentResolvesToTheKey(string type)
    {
        var key = NewPublicKey(KeyType.Ed25519);
        const string did = "did:web:example.com";
        var host = new FakeDidHost();
        host.Publish(did, Documents.WithKey(did, key, type));
        using var method = new DidWebMethod(handler: host.Handler, resolveHost: Resolvers.ToPublic);

        var resolved = await new DidResolver([method]).ResolveVerificationMethodAsync(did + "#key-1", VerificationRelationship.AssertionMethod);

        Assert.IsTrue(resolved.IsSuccess, resolved.Error?.ToString());
        Assert.AreEqual(key, resolved.Value.GetPublicKey().Value);
    }

    [TestMethod]
    public async Task Resolve_DocumentIdIsAnotherDid_ReturnsInvalidDidDocument()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(Documents.Minimal("did:web:attacker.example")));
        using var method = new DidWebMethod(handler: handler, resolveHost: Resolvers.ToPublic);

        var result = await method.ResolveAsync(Did.Parse("did:web:example.com").Value, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.InvalidDidDocument, result.Error?.Code);
        Assert.IsNull(result.Document);
    }

    [TestMethod]
    [DataRow("{\"id\": \"did:web:example.com\"")]   // truncated
    [DataRow("<html>not json</html>")]
    [DataRow("")]
    [DataRow("[\"did:web:example.com\"]")]           // JSON, but not an object
    [DataRow("{\"id\": 42}")]                        // no string id
    [DataRow("{\"id\": \"did:web:example.com\", \"verificationMethod\": {}}")]
    [DataRow("{\"id\": \"did:web:example.com\", \"id\": \"did:web:example.com\"}")]   // a member given twice
    public async Task Resolve_MalformedDocument_ReturnsInvalidDidDocument(string body)
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(body));
        using var method = new DidWebMethod(handler: handler, resolveHost: Resolvers.ToPublic);

        var result = await method.ResolveAsync(Did.Parse("did:web:example.com").Value, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.InvalidDidDocument, result.Error?.Code, result.Error?.Detail);
    }

    [TestMethod]
    public async Task Resolve_DocumentWithByteOrderMark_IsRead()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json("\uFEFF" + Documents.Minimal("did:web:example.com")));
        using var method = new DidWebMethod(handler: handler, resolveHost: Resolvers.ToPublic);

        var result = await method.ResolveAsync(Did.Parse("did:web:example.com").Value, DidResolutionOptions.Default);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
    }

    [TestMethod]
    public async Task Resolve_HostResolvingToPrivateAddress_ReturnsAddressNotAllowed()
    {
        var host = new FakeDidHost();
        host.Publish("did:web:intranet.example", Documents.Minimal("did:web:intranet.example"));
        using var method = new DidWebMethod(handler: host.Handler, resolveHost: Resolvers.To("10.0.0.1"));

        var result = await method.ResolveAsync(Did.Parse("did:web:intranet.example").Value, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.AddressNotAllowed, result.Error?.Code);
        Assert.AreEqual(0, host.Handler.RequestCount);
    }

    [TestMethod]
    public async Task Resolve_OversizedDocument_ReturnsResponseTooLarge()
    {
        var body = new ByteSourceStream(50L * 1024 * 1024);
        var handler = new FakeHttpHandler(_ => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(body) });
        using var method = new DidWebMethod(new DidWebOptions { MaxResponseBytes = 4096 }, handler: handler, resolveHost: Resolvers.ToPublic);

        var result = await method.ResolveAsync(Did.Parse("did:web:example.com").Value, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.ResponseTooLarge, result.Error?.Code);
        Assert.AreEqual(4097, body.Produced);
    }

    [TestMethod]
    public async Task Resolve_Missing_ReturnsNotFound()
    {
        using var method = new DidWebMethod(handler: new FakeDidHost().Handler, resolveHost: Resolvers.ToPublic);

        var result = await method.ResolveAsync(Did.Parse("did:web:example.com:nobody").Value, DidResolutionOptions.Default);

        Assert.AreEqual(ErrorCodes.NotFound, result.Error?.Code);
    }

    [TestMethod]
    public async Task Resolve_LoopbackHostUnderAllowHttp_FetchesOverHttp()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(Documents.Minimal("did:web:localhost%3A5080:tenants:a")));
        var options = new DidWebOptions { AllowLoopback = true, AllowHttp = true };
        using var method = new DidWebMethod(options, handler: handler, resolveHost: Resolvers.To("127.0.0.1"));

        var result = await method.ResolveAsync(Did.Parse("did:web:localhost%3A5080:tenants:a").Value, DidResolutionOptions.Default);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual("http://localhost:5080/tenants/a/did.json", handler.LastUrl?.AbsoluteUri);
    }

    [TestMethod]
    public async Task Resolve_PublicHostUnderAllowHttp_StillUsesHttps()
    {
        var handler = new FakeHttpHandler(_ => FakeHttpHandler.Json(Documents.Minimal("did:web:example.com")));
        var options = new DidWebOptions { AllowLoopback = true, AllowHttp = true };
        using var method = new DidWebMethod(options, handler: handler, resolveHost: Resolvers.ToPublic);

        var result = await method.ResolveAsync(Did.Parse("did:web:example.com").Value, DidResolutionOptions.Default);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        Assert.AreEqual("https://example.com/.well-known/did.json", handler.LastUrl?.AbsoluteUri);
    }

    [TestMethod]
    public void Constructor_NegativeCacheSettings_Throw()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DidWebMethod(new DidWebOptions { CacheCapacity = -1 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DidWebMethod(new DidWebOptions { CacheDuration = TimeSpan.FromSeconds(-1) }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new DidWebMethod(new DidWebOptions { Timeout = TimeSpan.Zero }));
    }
}
