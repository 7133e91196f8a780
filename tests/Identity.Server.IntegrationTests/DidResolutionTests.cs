using Identity.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// <c>GET /1.0/identifiers/{did}</c> through the public surface: did:key, DID URL dereferencing, this deployment's own
/// did:web, every resolution error as a problem that also carries the resolution metadata, and remote did:web against
/// a real loopback socket (size cap, redirects, timeouts, SSRF guards).
/// </summary>
[TestClass]
public sealed class DidResolutionTests
{
    private const string Ed25519Key = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private const string DidKey = "did:key:" + Ed25519Key;
    private const string ResolutionProfile = "\"https://w3id.org/did-resolution\"";

    [TestMethod]
    public async Task Resolve_EncodedDidKey_ReturnsResolutionResult()
    {
        await using var factory = new IdentityServerFactory();

        var (response, contentType) = await ResolveWithContentTypeAsync(factory.CreateClient(), DidKey);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("application/ld+json", contentType?.MediaType);
        Assert.AreEqual(ResolutionProfile, contentType?.Parameters.SingleOrDefault(p => p.Name == "profile")?.Value, response.Text);
        Assert.AreEqual(DidKey, response.Body!["didDocument"]!["id"]!.GetValue<string>());
        Assert.IsInstanceOfType<JsonObject>(response.Body["didResolutionMetadata"]);
        Assert.IsNull(response.Body["didResolutionMetadata"]!["error"], response.Text);
        Assert.IsInstanceOfType<JsonObject>(response.Body["didDocumentMetadata"]);
    }

    [TestMethod]
    public async Task Resolve_AcceptDidJson_ReturnsBareDocument()
    {
        await using var factory = new IdentityServerFactory();

        var (response, contentType) = await ResolveWithContentTypeAsync(factory.CreateClient(), DidKey, "application/did+json");

        response.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("application/did+json", contentType?.MediaType);
        Assert.AreEqual(DidKey, response.Body!["id"]!.GetValue<string>());
        Assert.IsNull(response.Body["didDocument"], "application/did+json is the document itself, not a resolution result.");
        Assert.IsNull(response.Body["@context"], "application/did+json carries no JSON-LD context.");
        Assert.AreEqual(DidKey + "#" + Ed25519Key, response.Body["verificationMethod"]![0]!["id"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Resolve_DidUrlWithFragment_DereferencesVerificationMethod()
    {
        await using var factory = new IdentityServerFactory();
        var didUrl = DidKey + "#" + Ed25519Key;

        var (response, contentType) = await ResolveWithContentTypeAsync(factory.CreateClient(), didUrl);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("application/ld+json", contentType?.MediaType);
        Assert.AreEqual(didUrl, response.Body!["contentStream"]!["id"]!.GetValue<string>());
        Assert.AreEqual(Ed25519Key, response.Body["contentStream"]!["publicKeyMultibase"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Resolve_OwnTenantDidWeb_ResolvesLocally()
    {
        // Loopback fetches stay forbidden here: had the service fetched https://localhost/... it would get addressNotAllowed.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("cardiology");

        var response = (await ResolveAsync(client, tenant.Did)).AssertStatus(HttpStatusCode.OK);

        var document = response.Body!["didDocument"]!;
        Assert.AreEqual("did:web:localhost:tenants:cardiology", document["id"]!.GetValue<string>());
        var methods = document["verificationMethod"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
        CollectionAssert.Contains(methods, tenant.Did + "#key-1");
    }

    [TestMethod]
    [DataRow("did:key:", HttpStatusCode.BadRequest, "invalidDid")]
    [DataRow("not-a-did", HttpStatusCode.BadRequest, "invalidDid")]
    [DataRow("did:example:123", HttpStatusCode.NotImplemented, "methodNotSupported")]
    [DataRow("did:web:localhost:tenants:nobody", HttpStatusCode.NotFound, "notFound")]
    public async Task Resolve_Unresolvable_IsProblemWithResolutionMetadata(string did, HttpStatusCode status, string code)
    {
        await using var factory = new IdentityServerFactory();

        var response = await ResolveAsync(factory.CreateClient(), did);

        AssertResolutionProblem(response, status, code);
    }

    [TestMethod]
    public async Task Resolve_DidKeyWithTruncatedKey_IsInvalidPublicKeyLength()
    {
        // The Ed25519 multicodec prefix followed by 31 key bytes instead of 32 (cutting the base58 text would change every byte).
        var bytes = Multibase.Decode(Ed25519Key).Value;
        var truncated = "did:key:" + Multibase.Encode(MultibaseEncoding.Base58Btc, bytes.AsSpan(0, bytes.Length - 1));
        await using var factory = new IdentityServerFactory();

        var response = await ResolveAsync(factory.CreateClient(), truncated);

        AssertResolutionProblem(response, HttpStatusCode.BadRequest, "invalidPublicKeyLength");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Resolve_PrivateNetworkDidWeb_IsAddressNotAllowedWhateverTheLoopbackSetting(bool allowLoopback)
    {
        await using var factory = Factory(allowLoopback);

        var response = await ResolveAsync(factory.CreateClient(), "did:web:10.0.0.1");

        AssertResolutionProblem(response, HttpStatusCode.BadRequest, "addressNotAllowed");
    }

    [TestMethod]
    public async Task Resolve_LoopbackDidWebWithoutLoopbackSetting_IsAddressNotAllowedBeforeConnecting()
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackResponse.Json("{}"));
        await using var factory = Factory(allowLoopback: false);

        var response = await ResolveAsync(factory.CreateClient(), server.Did);

        AssertResolutionProblem(response, HttpStatusCode.BadRequest, "addressNotAllowed");
        Assert.AreEqual(0, server.RequestCount, "The address is refused before any connection is made.");
    }

    [TestMethod]
    public async Task Resolve_LoopbackDidWebWithLoopbackSetting_ReturnsServedDocument()
    {
        // Arrange
        LoopbackHttpServer? self = null;
        await using var server = new LoopbackHttpServer(path => path == "/.well-known/did.json"
            ? LoopbackResponse.Json(Document(self!.Did).ToJsonString())
            : new LoopbackResponse { Status = 404 });
        self = server;
        await using var factory = Factory(allowLoopback: true);

        // Act
        var response = await ResolveAsync(factory.CreateClient(), server.Did);

        // Assert
        response.AssertStatus(HttpStatusCode.OK);
        var document = response.Body!["didDocument"]!;
        Assert.AreEqual(server.Did, document["id"]!.GetValue<string>());
        Assert.AreEqual(server.Did + "#key-1", document["verificationMethod"]![0]!["id"]!.GetValue<string>());
        Assert.AreEqual(Ed25519Key, document["verificationMethod"]![0]!["publicKeyMultibase"]!.GetValue<string>());
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task Resolve_FiftyMegabyteDocument_IsResponseTooLargeQuickly(bool sendContentLength)
    {
        // Arrange: 800 × 64 KiB = 50 MiB, fifty times the 1 MiB cap.
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        await using var server = new LoopbackHttpServer(_ => new LoopbackResponse { Body = chunk, Repeat = 800, SendContentLength = sendContentLength });
        await using var factory = Factory(allowLoopback: true);
        var client = factory.CreateClient();
        (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);

        // Act
        var stopwatch = Stopwatch.StartNew();
        var response = await ResolveAsync(client, server.Did);
        stopwatch.Stop();

        // Assert
        AssertResolutionProblem(response, HttpStatusCode.BadGateway, "responseTooLarge");
        Assert.IsTrue(stopwatch.Elapsed < TimeSpan.FromSeconds(2.5), $"Refusing took {stopwatch.Elapsed}; the fetch timeout is 5 s.");
        Assert.AreEqual(1, server.RequestCount);
        (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Resolve_Redirect_IsFetchFailedWithoutFollowing()
    {
        await using var server = new LoopbackHttpServer(path => path == "/.well-known/did.json"
            ? LoopbackResponse.Redirect("/elsewhere/did.json")
            : LoopbackResponse.Json("{}"));
        await using var factory = Factory(allowLoopback: true);

        var response = await ResolveAsync(factory.CreateClient(), server.Did);

        AssertResolutionProblem(response, HttpStatusCode.BadGateway, "fetchFailed");
        Assert.AreEqual(1, server.RequestCount, "The redirect must not be followed.");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task Resolve_ServerTooSlow_IsFetchTimeoutAfterTheFiveSecondBudget(bool trickle)
    {
        // Arrange: the budget covers the whole request, so a body dripping one byte every 50 ms times out too.
        var answer = trickle
            ? new LoopbackResponse { Body = "{"u8.ToArray(), Repeat = 10_000, Delay = TimeSpan.FromMilliseconds(50), SendContentLength = false }
            : LoopbackResponse.Silence;
        await using var server = new LoopbackHttpServer(_ => answer);
        await using var factory = Factory(allowLoopback: true);
        var client = factory.CreateClient();

        // Act
        var stopwatch = Stopwatch.StartNew();
        var response = await ResolveAsync(client, server.Did);
        stopwatch.Stop();

        // Assert
        AssertResolutionProblem(response, HttpStatusCode.GatewayTimeout, "fetchTimeout");
        Assert.IsTrue(stopwatch.Elapsed > TimeSpan.FromSeconds(4.5) && stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"Took {stopwatch.Elapsed}.");
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public async Task Resolve_DocumentWithAnotherId_IsInvalidDidDocument()
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackResponse.Json(Document("did:web:example.com").ToJsonString()));
        await using var factory = Factory(allowLoopback: true);

        var response = await ResolveAsync(factory.CreateClient(), server.Did);

        AssertResolutionProblem(response, HttpStatusCode.BadGateway, "invalidDidDocument");
        Assert.AreEqual(1, server.RequestCount);
    }

    [TestMethod]
    public async Task VerifyCredential_IssuerDidWebOnPrivateNetwork_FailsWithAddressNotAllowed()
    {
        // Arrange: a well-formed proof whose key would have to be fetched from 10.0.0.1.
        await using var factory = Factory(allowLoopback: true);
        var credential = Scenario.Credential("did:example:patient", "did:web:10.0.0.1");
        credential["proof"] = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-jcs-2022",
            ["created"] = "2025-01-01T00:00:00Z",
            ["verificationMethod"] = "did:web:10.0.0.1#key-1",
            ["proofPurpose"] = "assertionMethod",
            ["proofValue"] = "z" + new string('2', 86),
        };

        // Act
        var response = await factory.CreateClient().VerifyAsync(credential);

        // Assert
        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "addressNotAllowed");
        Assert.IsFalse(response.Body!["verified"]!.GetValue<bool>());
        var error = response.Body["errors"]!.AsArray().Single(e => e!["code"]!.GetValue<string>() == "addressNotAllowed")!;
        Assert.AreEqual("proof", error["check"]!.GetValue<string>(), response.Text);
        var check = response.Body["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "proof")!;
        Assert.AreEqual("failed", check["status"]!.GetValue<string>());
        Assert.AreEqual("addressNotAllowed", check["code"]!.GetValue<string>());
    }

    private static IdentityServerFactory Factory(bool allowLoopback) =>
        new(settings => settings["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = allowLoopback ? "1" : "0");

    private static async Task<ApiResponse> ResolveAsync(HttpClient client, string did, string? accept = null) =>
        (await ResolveWithContentTypeAsync(client, did, accept)).Response;

    // The DID goes percent-encoded, as the W3C did-key test suite sends it.
    private static async Task<(ApiResponse Response, MediaTypeHeaderValue? ContentType)> ResolveWithContentTypeAsync(
        HttpClient client, string did, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/1.0/identifiers/" + Uri.EscapeDataString(did));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await client.SendAsync(request);
        var contentType = response.Content.Headers.ContentType;
        return (await Api.ReadAsync(response), contentType);
    }

    private static void AssertResolutionProblem(ApiResponse response, HttpStatusCode status, string code)
    {
        response.AssertProblem(status, code);
        Assert.AreEqual(code, response.Body!["didResolutionMetadata"]?["error"]?.GetValue<string>(), response.Text);
    }

    private static JsonObject Document(string did) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
        ["id"] = did,
        ["verificationMethod"] = new JsonArray(new JsonObject
        {
            ["id"] = did + "#key-1",
            ["type"] = "Multikey",
            ["controller"] = did,
            ["publicKeyMultibase"] = Ed25519Key,
        }),
        ["assertionMethod"] = new JsonArray(did + "#key-1"),
    };
}
