using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>OpenID4VCI 1.0 issuer and authorization-server metadata, and offers, through HTTP.</summary>
[TestClass]
public sealed class Oid4VciMetadataTests
{
    [TestMethod]
    public async Task CredentialIssuerMetadata_ListsEveryTypeInThreeFormats_WithCredentialMetadata()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");

        // Act
        var metadata = (await client.GetJsonAsync("/.well-known/openid-credential-issuer/tenants/st-marys")).AssertStatus(HttpStatusCode.OK).Body!;

        // Assert
        Assert.AreEqual("http://localhost/tenants/st-marys", metadata["credential_issuer"]!.GetValue<string>());
        Assert.AreEqual("http://localhost/tenants/st-marys/oid4vci/credential", metadata["credential_endpoint"]!.GetValue<string>());
        Assert.AreEqual("http://localhost/tenants/st-marys/oid4vci/nonce", metadata["nonce_endpoint"]!.GetValue<string>());
        var configurations = metadata["credential_configurations_supported"]!.AsObject();
        foreach (var type in new[] { "PatientIdentityCredential", "BiometricBindingCredential", "HealthCredential" })
        {
            var sdJwt = configurations[$"{type}_sd_jwt"]!;
            Assert.AreEqual("dc+sd-jwt", sdJwt["format"]!.GetValue<string>());
            Assert.AreEqual($"https://identity.example/vct/{type}", sdJwt["vct"]!.GetValue<string>());
            Assert.AreEqual("ldp_vc", configurations[$"{type}_ldp_vc"]!["format"]!.GetValue<string>());
            Assert.AreEqual("jwt_vc_json", configurations[$"{type}_jwt_vc_json"]!["format"]!.GetValue<string>());
        }

        foreach (var (id, configuration) in configurations)
        {
            Assert.IsNotNull(configuration!["credential_metadata"]?["display"], $"{id} has no credential_metadata.display");
            Assert.IsNull(configuration["display"], $"{id}: display belongs inside credential_metadata in 1.0");
            Assert.IsNotNull(configuration["proof_types_supported"]!["jwt"]!["proof_signing_alg_values_supported"]);
        }

        Assert.AreEqual("givenName", configurations["PatientIdentityCredential_sd_jwt"]!["credential_metadata"]!["claims"]!.AsArray()
            .Select(c => c!["path"]![0]!.GetValue<string>()).ElementAt(1));
        Assert.IsTrue(tenant.Did.StartsWith("did:web:localhost", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task AuthorizationServerMetadata_AdvertisesAnonymousPreAuthorizedGrantAndDpop()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await client.CreateTenantAsync("st-marys");

        var metadata = (await client.GetJsonAsync("/.well-known/oauth-authorization-server/tenants/st-marys")).AssertStatus(HttpStatusCode.OK).Body!;

        Assert.AreEqual("http://localhost/tenants/st-marys", metadata["issuer"]!.GetValue<string>());
        Assert.AreEqual("http://localhost/tenants/st-marys/oid4vci/token", metadata["token_endpoint"]!.GetValue<string>());
        Assert.IsTrue(metadata["pre-authorized_grant_anonymous_access_supported"]!.GetValue<bool>());
        Assert.Contains("ES256", metadata["dpop_signing_alg_values_supported"]!.AsArray().Select(a => a!.GetValue<string>()).ToList());
    }

    [TestMethod]
    [DataRow("/.well-known/openid-credential-issuer/tenants/nobody")]
    [DataRow("/.well-known/oauth-authorization-server/tenants/nobody")]
    public async Task Metadata_UnknownTenant_Is404Problem(string path)
    {
        await using var factory = new IdentityServerFactory();

        (await factory.CreateClient().GetJsonAsync(path)).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task CreateOffer_WithTxCode_ReturnsOfferUriAndCodeOnce_AndTheOfferIsServedByReference()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var wallet = new Oid4VciWallet(client, tenant);

        // Act
        var created = await wallet.OfferAsync(txCode: true);
        var offerUri = created["offer_uri"]!.GetValue<string>();
        var reference = Uri.UnescapeDataString(offerUri["openid-credential-offer://?credential_offer_uri=".Length..]);
        var served = (await client.GetJsonAsync(new Uri(reference).AbsolutePath)).AssertStatus(HttpStatusCode.OK);

        // Assert
        StringAssert.StartsWith(offerUri, "openid-credential-offer://?credential_offer_uri=");
        StringAssert.StartsWith(reference, "http://localhost/tenants/st-marys/oid4vci/offers/");
        StringAssert.Matches(created["tx_code"]!.GetValue<string>(), new System.Text.RegularExpressions.Regex("^[0-9]{6}$"));
        Assert.AreEqual(created["credential_offer"]!.ToJsonString(), served.Body!.ToJsonString());
        Assert.IsFalse(served.Text.Contains(created["tx_code"]!.GetValue<string>() + "\"", StringComparison.Ordinal), "the transaction code is shown once");
        var grant = served.Body["grants"]![Oid4VciWallet.PreAuthorizedGrant]!;
        Assert.AreEqual("numeric", grant["tx_code"]!["input_mode"]!.GetValue<string>());
        Assert.AreEqual(6, grant["tx_code"]!["length"]!.GetValue<int>());
        Assert.AreEqual("no-store", served.Headers.CacheControl?.ToString());
    }

    [TestMethod]
    public async Task CreateOffer_WithoutTxCode_HasNone_AndTheOfferIsGoneOnceRedeemed()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"));
        var created = await wallet.OfferAsync();
        var path = new Uri(Uri.UnescapeDataString(created["offer_uri"]!.GetValue<string>().Split("credential_offer_uri=")[1])).AbsolutePath;

        (await wallet.RedeemAsync(Oid4VciWallet.CodeOf(created))).AssertStatus(HttpStatusCode.OK);

        Assert.IsNull(created["tx_code"]);
        Assert.IsNull(created["credential_offer"]!["grants"]![Oid4VciWallet.PreAuthorizedGrant]!["tx_code"]);
        (await client.GetJsonAsync(path)).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    [TestMethod]
    public async Task CreateOffer_BadRequests_AreProblems()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        var other = await client.CreateTenantAsync("other");
        string path = "/tenants/st-marys/oid4vci/offers";
        JsonObject Offer(string configuration, JsonNode? claims, JsonNode? txCode = null) =>
            new() { ["credential_configuration_id"] = configuration, ["claims"] = claims, ["tx_code"] = txCode };

        // Act and assert
        (await client.PostJsonAsync(path, Offer("HealthCredential_sd_jwt", new JsonObject { ["a"] = 1 }))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PostJsonAsync(path, Offer("HealthCredential_sd_jwt", new JsonObject { ["a"] = 1 }), other.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.PostJsonAsync(path, Offer("NoSuchCredential", new JsonObject { ["a"] = 1 }), tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "unknownCredentialConfiguration");
        (await client.PostJsonAsync(path, Offer("HealthCredential_sd_jwt", new JsonObject { ["id"] = "did:example:x" }), tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, Offer("HealthCredential_sd_jwt", new JsonArray(1)), tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.PostJsonAsync(path, Offer("HealthCredential_sd_jwt", new JsonObject { ["a"] = 1 }, "yes"), tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        (await client.SendJsonAsync(HttpMethod.Post, path, "{\"credential_configuration_id\": ", tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidJson");
    }
}
