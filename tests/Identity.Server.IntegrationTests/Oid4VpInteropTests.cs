// Peer: @openid4vc/openid4vp 0.4.6 as the wallet, with @sd-jwt/sd-jwt-vc 0.19.0 for the Key Binding JWT and jose 6.x for
// the JWE, through tests/interop/openid4vp-wallet.mjs (install: npm ci --prefix tests/interop).
using System.Buffers.Text;
using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Tests.Interop;
using Identity.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed class Oid4VpInteropTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("direct_post", "decentralized_identifier", null)]
    [DataRow("direct_post.jwt", "decentralized_identifier", "A256GCM")]
    [DataRow("direct_post.jwt", "decentralized_identifier", "A128GCM")]
    [DataRow("direct_post.jwt", "x509_hash", "A256GCM")]
    public async Task TheirWallet_AnswersOurDcqlRequest_Verified(string mode, string prefix, string? enc)
    {
        // Arrange: an SD-JWT VC bound to a holder key the test holds, and a request for its bloodType, on an https
        // origin (the library accepts https request and response URIs only).
        await using var factory = new IdentityServerFactory(settings => settings["IDENTITY_PUBLIC_URL"] = "https://clinic.example");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var holder = SignatureAlgorithms.Ed25519.GenerateKey(PrivateKeyExport.AllowPlaintextExport);
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, "did:key:" + Multikey.EncodePublicKey(holder.PublicKey));
        var request = await Oid4Vp.CreateAsync(client, tenant, mode, prefix: prefix);
        var didDocument = (await client.GetJsonAsync("/tenants/clinic/did.json")).Body!;

        // Act: their library resolves and checks our request object, then builds (and encrypts) the response.
        var wallet = JsonNode.Parse(await NodeInteropPeer.RunAsync("openid4vp-wallet.mjs", "respond", new JsonObject
        {
            ["authorizationRequest"] = request.Created["authorization_request"]!.GetValue<string>(),
            ["requestObject"] = request.RequestObject,
            ["didDocument"] = didDocument,
            ["sdjwt"] = sdJwt,
            ["holderJwk"] = PrivateJwk(holder),
            ["reveal"] = new JsonArray("bloodType"),
            ["enc"] = enc,
        }, TestContext.CancellationToken))!;
        var form = QueryHelpers.ParseQuery(wallet["body"]!.GetValue<string>());
        (string, string)[] fields = [.. form.Select(f => (f.Key, f.Value.ToString()))];
        string responsePath = new Uri(wallet["responseUri"]!.GetValue<string>()).AbsolutePath;
        var answered = await Oid4Vp.PostFormAsync(client, responsePath, fields);
        var replayed = await Oid4Vp.PostFormAsync(client, responsePath, fields);
        var status = await Oid4Vp.StatusAsync(client, tenant, request);

        // Assert
        Assert.AreEqual(request.ClientId, wallet["clientId"]!.GetValue<string>());
        Assert.AreEqual(prefix, wallet["clientPrefix"]!.GetValue<string>());
        Assert.AreEqual(100, wallet["version"]!.GetValue<int>(), "the library reads the request as OpenID4VP 1.0 final");
        Assert.AreEqual(mode == "direct_post.jwt", form.ContainsKey("response"));
        Assert.AreEqual(mode == "direct_post", form.ContainsKey("vp_token"));
        answered.AssertStatus(HttpStatusCode.OK);
        replayed.AssertProblem(HttpStatusCode.BadRequest, "presentationRequestFinished");
        Assert.AreEqual("verified", status["status"]!.GetValue<string>(), status.ToJsonString());
        Assert.AreEqual("AB-negative", status["credentials"]![0]!["claims"]!["bloodType"]!.GetValue<string>());
    }

    private static JsonObject PrivateJwk(PrivateKey key)
    {
        var seed = new byte[key.SecretSize];
        key.ExportSecret(seed);
        return new JsonObject
        {
            ["kty"] = "OKP",
            ["crv"] = "Ed25519",
            ["x"] = Base64Url.EncodeToString(key.PublicKey.Bytes.Span),
            ["d"] = Base64Url.EncodeToString(seed),
        };
    }
}
