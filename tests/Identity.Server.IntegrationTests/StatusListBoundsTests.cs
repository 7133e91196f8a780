using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Status;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Other issuers' status lists through <c>POST /credentials/verify</c>: fetched over real HTTP, known by their own
/// <c>id</c>, cached once whatever the URL's spelling, and refused when larger than the documented caps.
/// </summary>
[TestClass]
public sealed class StatusListBoundsTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly DataIntegrityProofService s_proofs = new(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);

    [TestMethod]
    public async Task HundredUrlVariantsOfOneList_FetchItOnce_AndRefuseTheOthers()
    {
        // Arrange: an issuer whose host answers every path and query with its one list, and 100 credentials of it
        // pointing at 50 spellings of the list's URL and at 50 query variants.
        using var issuer = new Issuer();
        JsonObject? list = null;
        await using var host = new LoopbackHttpServer(_ => LoopbackResponse.Json(list!.ToJsonString()));
        string listUrl = $"http://127.0.0.1:{host.Port}/lists/1";
        list = issuer.SignedList(listUrl, BitstringStatusList.Create(BitstringStatusList.MinimumSize, [9]));
        string[] spellings = [listUrl, $"HTTP://127.0.0.1:{host.Port}/lists/1", $"http://127.0.0.1:{host.Port}/lists/./1",
            $"http://127.0.0.1:{host.Port}/lists/x/../1", $"{listUrl}#frag"];
        var urls = Enumerable.Range(0, 50).Select(i => spellings[i % spellings.Length])
            .Concat(Enumerable.Range(0, 50).Select(i => string.Create(CultureInfo.InvariantCulture, $"{listUrl}?{i}")));
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        var client = factory.CreateClient();

        // Act
        var responses = new List<ApiResponse>();
        foreach (string url in urls)
        {
            responses.Add(await client.VerifyAsync(issuer.SignedCredential(url, index: 3)));
        }

        // Assert
        foreach (var ok in responses.Take(50))
        {
            ok.AssertStatus(HttpStatusCode.OK);
        }

        foreach (var refused in responses.Skip(50))
        {
            refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "invalidStatusList");
        }

        Assert.AreEqual(1 + 50, host.RequestCount, "one fetch serves every spelling; each query variant is fetched, refused and not cached");
        JsonBoundaryTests.AssertNoStackTrace(factory);
    }

    [TestMethod]
    public async Task OneCredentialNamingSixtyFourDistinctLists_EachRequestFetchesAtMostEight_AndMemoryStaysBounded()
    {
        // Arrange: a hostile issuer whose host signs a distinct, maximal list (1,048,576 entries, id = the URL asked
        // for) for every query variant, and one credential of it with 64 status entries, each naming another variant.
        using var issuer = new Issuer();
        var bits = BitstringStatusList.Create(StatusListCheckerOptions.DefaultMaxListBits, Enumerable.Range(0, 4096).Select(i => i * 251));
        int port = 0;
        await using var host = new LoopbackHttpServer(path => LoopbackResponse.Json(issuer.SignedList($"http://127.0.0.1:{port}{path}", bits).ToJsonString()));
        port = host.Port;
        var credential = Scenario.Credential("did:example:patient", issuer.Did);
        credential["id"] = "urn:uuid:" + Guid.NewGuid();
        credential["credentialStatus"] = new JsonArray([.. Enumerable.Range(0, 64).Select(i =>
            (JsonNode)BitstringStatusListCredential.BuildEntry(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/lists/1?{i}"), 3, "revocation"))]);
        var signed = issuer.Sign(credential);
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        var client = factory.CreateClient();
        (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);
        long before = GC.GetTotalMemory(forceFullCollection: true);

        // Act: the same request ten times.
        var responses = new List<ApiResponse>();
        var fetches = new List<int>();
        for (int i = 0; i < 10; i++)
        {
            int fetched = host.RequestCount;
            responses.Add(await client.VerifyAsync(signed));
            fetches.Add(host.RequestCount - fetched);
        }

        long grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        TestContext.WriteLine($"10 requests, {host.RequestCount} lists fetched ({string.Join(", ", fetches)} per request); managed memory grew by {grown / 1024} KiB");

        // Assert: each request fetches at most 8 lists and reports the entries past them; the cache keeps what was
        // fetched (64 × 128 KiB, within its 32 MiB), so after 8 requests every list is known and the credential verifies.
        Assert.IsTrue(fetches.All(f => f <= 8), string.Join(", ", fetches));
        Assert.AreEqual(64, host.RequestCount);
        responses[0].AssertProblem(HttpStatusCode.UnprocessableEntity, "statusListLimitExceeded");
        responses[^1].AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(grown < 24L * 1024 * 1024, $"managed memory grew by {grown / 1024} KiB");
    }

    [TestMethod]
    public async Task ListPastTheDecodedCap_IsStatusListTooLarge()
    {
        // Arrange: a list one byte past 8 × the 131,072-entry minimum; it compresses to almost nothing.
        using var issuer = new Issuer();
        JsonObject? list = null;
        await using var host = new LoopbackHttpServer(_ => LoopbackResponse.Json(list!.ToJsonString()));
        string listUrl = $"http://127.0.0.1:{host.Port}/lists/big";
        list = issuer.SignedList(listUrl, BitstringStatusList.Create(StatusListCheckerOptions.DefaultMaxListBits + 8, []));
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");

        // Act
        var response = await factory.CreateClient().VerifyAsync(issuer.SignedCredential(listUrl, index: 3));

        // Assert
        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "statusListTooLarge");
    }

    [TestMethod]
    public async Task ListCredentialPastTheByteCap_IsStatusListTooLarge()
    {
        // Arrange: a valid, signed list padded with an extra 300 KB member: over the 256 KiB fetch cap.
        using var issuer = new Issuer();
        JsonObject? list = null;
        await using var host = new LoopbackHttpServer(_ => LoopbackResponse.Json(list!.ToJsonString()));
        string listUrl = $"http://127.0.0.1:{host.Port}/lists/padded";
        var unsigned = BitstringStatusListCredential.Build(listUrl, issuer.Did, "revocation", BitstringStatusList.Create(BitstringStatusList.MinimumSize, []),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        unsigned["description"] = new string('p', 300_000);
        list = issuer.Sign(unsigned);
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");

        // Act
        var response = await factory.CreateClient().VerifyAsync(issuer.SignedCredential(listUrl, index: 3));

        // Assert
        response.AssertProblem(HttpStatusCode.UnprocessableEntity, "statusListTooLarge");
    }

    /// <summary>A did:key issuer outside the service, publishing its own status lists.</summary>
    private sealed class Issuer : IDisposable
    {
        private readonly PrivateKey _key = SignatureAlgorithms.Ed25519.GenerateKey();

        public Issuer()
        {
            Did = DidKeyMethod.CreateDid(_key.PublicKey).Value;
            VerificationMethod = $"{Did}#{Did["did:key:".Length..]}";
        }

        public string Did { get; }

        private string VerificationMethod { get; }

        public JsonObject Sign(JsonObject document)
        {
            var secured = s_proofs.AddProof(document, EddsaJcs2022.CryptosuiteName, new ProofOptions
            {
                VerificationMethod = VerificationMethod,
                ProofPurpose = "assertionMethod",
                Created = DateTimeOffset.UtcNow.AddMinutes(-1),
            }, _key);
            Assert.IsTrue(secured.IsSuccess, secured.ToString());
            return secured.Value;
        }

        public JsonObject SignedList(string url, BitstringStatusList bits) =>
            Sign(BitstringStatusListCredential.Build(url, Did, "revocation", bits, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)));

        public JsonObject SignedCredential(string listUrl, int index)
        {
            var credential = Scenario.Credential("did:example:patient", Did);
            credential["id"] = "urn:uuid:" + Guid.NewGuid();
            credential["validFrom"] = "2026-01-01T00:00:00Z";
            credential["credentialStatus"] = BitstringStatusListCredential.BuildEntry(listUrl, index, "revocation");
            return Sign(credential);
        }

        public void Dispose() => _key.Dispose();
    }
}
