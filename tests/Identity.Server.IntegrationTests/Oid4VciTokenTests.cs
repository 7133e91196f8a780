using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>The OpenID4VCI token endpoint: pre-authorized codes, transaction codes and DPoP (RFC 9449), through HTTP.</summary>
[TestClass]
public sealed class Oid4VciTokenTests
{
    private static async Task<(IdentityServerFactory Factory, Oid4VciWallet Wallet)> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var factory = new IdentityServerFactory(configure);
        var client = factory.CreateClient();
        return (factory, new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys")));
    }

    [TestMethod]
    public async Task Redeem_WithDpop_IssuesADpopToken_AndTheCodeIsSingleUse()
    {
        var (factory, wallet) = await StartAsync();
        await using var _ = factory;
        using var __ = wallet;
        var code = Oid4VciWallet.CodeOf(await wallet.OfferAsync());

        var first = (await wallet.RedeemAsync(code)).AssertStatus(HttpStatusCode.OK);
        var second = await wallet.RedeemAsync(code);

        Assert.AreEqual("DPoP", first.Body!["token_type"]!.GetValue<string>());
        Assert.AreEqual(300, first.Body["expires_in"]!.GetValue<int>());
        Assert.AreEqual("no-store", first.Headers.CacheControl?.ToString());
        second.AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
    }

    [TestMethod]
    public async Task Redeem_WithoutDpop_IssuesABearerToken_UnlessTheTenantRequiresDpop()
    {
        var (factory, wallet) = await StartAsync(s => s["IDENTITY_OID4VCI_REQUIRE_DPOP"] = "other-hospital, st-marys");
        await using var _ = factory;
        using var __ = wallet;
        var code = Oid4VciWallet.CodeOf(await wallet.OfferAsync());
        (await wallet.RedeemAsync(code, dpop: null)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidDpopProof", "invalid_dpop_proof");
        Assert.AreEqual("DPoP", (await wallet.RedeemAsync(code)).AssertStatus(HttpStatusCode.OK).Body!["token_type"]!.GetValue<string>());

        var (open, openWallet) = await StartAsync();
        await using var ___ = open;
        using var ____ = openWallet;
        var bearer = (await openWallet.RedeemAsync(Oid4VciWallet.CodeOf(await openWallet.OfferAsync()), dpop: null)).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("Bearer", bearer.Body!["token_type"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Redeem_UnknownCode_MissingCode_OtherGrant_AreTheSpecErrors()
    {
        var (factory, wallet) = await StartAsync();
        await using var _ = factory;
        using var __ = wallet;

        (await wallet.RedeemAsync("not-a-code")).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
        (await wallet.TokenAsync(new Dictionary<string, string> { ["grant_type"] = Oid4VciWallet.PreAuthorizedGrant })).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
        (await wallet.TokenAsync(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x" })).AssertOAuthError(HttpStatusCode.BadRequest, "unsupportedGrantType", "unsupported_grant_type");
        (await wallet.TokenAsync(new Dictionary<string, string> { ["pre-authorized_code"] = "x" })).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
    }

    [TestMethod]
    public async Task Redeem_TxCode_MissingIsInvalidRequest_WrongIsCounted_AndTheCodeLocksAfterTheLimit()
    {
        // Arrange: three tries.
        var (factory, wallet) = await StartAsync(s => s["IDENTITY_OID4VCI_TX_CODE_TRIES"] = "3");
        await using var _ = factory;
        using var __ = wallet;
        var offer = await wallet.OfferAsync(txCode: true);
        var code = Oid4VciWallet.CodeOf(offer);
        var right = offer["tx_code"]!.GetValue<string>();
        var wrong = right == "000000" ? "111111" : "000000";

        // Act and assert
        (await wallet.RedeemAsync(code)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
        StringAssert.Contains((await wallet.RedeemAsync(code, wrong)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant").Text, "2 more tries");
        (await wallet.RedeemAsync(code, wrong)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
        StringAssert.Contains((await wallet.RedeemAsync(code, wrong)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant").Text, "locked");
        (await wallet.RedeemAsync(code, right)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
    }

    [TestMethod]
    public async Task Redeem_RightTxCode_WithALegacyUserPin_IgnoresTheUserPin()
    {
        var (factory, wallet) = await StartAsync();
        await using var _ = factory;
        using var __ = wallet;
        var offer = await wallet.OfferAsync(txCode: true);

        var token = await wallet.TokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = Oid4VciWallet.PreAuthorizedGrant,
            ["pre-authorized_code"] = Oid4VciWallet.CodeOf(offer),
            ["tx_code"] = offer["tx_code"]!.GetValue<string>(),
            ["user_pin"] = "999999",
        });

        token.AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Redeem_BadDpopProofs_AreInvalidDpopProof_AndLeaveTheCodeRedeemable()
    {
        // Arrange
        var (factory, wallet) = await StartAsync();
        await using var _ = factory;
        using var __ = wallet;
        var code = Oid4VciWallet.CodeOf(await wallet.OfferAsync());
        var key = wallet.DpopKey;
        var replayed = Oid4VciWallet.DpopProof(key, "POST", wallet.TokenEndpoint);
        var privateJwk = Oid4VciWallet.PublicJwk(key);
        privateJwk["d"] = "AAAA";
        string[] bad =
        [
            Oid4VciWallet.DpopProof(key, "POST", wallet.TokenEndpoint, iat: Oid4VciWallet.Now() - 600),
            Oid4VciWallet.DpopProof(key, "POST", wallet.TokenEndpoint, iat: Oid4VciWallet.Now() + 600),
            Oid4VciWallet.DpopProof(key, "GET", wallet.TokenEndpoint),
            Oid4VciWallet.DpopProof(key, "POST", "http://localhost/tenants/st-marys/oid4vci/credential"),
            Oid4VciWallet.DpopProof(key, "POST", wallet.TokenEndpoint, typ: "JWT"),
            Oid4VciWallet.DpopProof(key, "POST", wallet.TokenEndpoint, jwk: privateJwk),
            Oid4VciWallet.DpopProof(key, "POST", wallet.TokenEndpoint, jwk: Oid4VciWallet.PublicJwk(Oid4VciWallet.NewKey())),
            "not.a.jwt",
        ];

        // Act and assert
        foreach (var proof in bad)
        {
            (await wallet.RedeemAsync(code, dpop: proof)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidDpopProof", "invalid_dpop_proof");
        }

        (await wallet.RedeemAsync("unknown-code", dpop: replayed)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidGrant", "invalid_grant");
        (await wallet.RedeemAsync(code, dpop: replayed)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidDpopProof", "invalid_dpop_proof");
        (await wallet.RedeemAsync(code)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Token_MalformedBodies_AreProblems_NeverServerErrors()
    {
        // Arrange
        var (factory, wallet) = await StartAsync();
        await using var _ = factory;
        using var __ = wallet;
        var client = factory.CreateClient();
        string path = "/tenants/st-marys/oid4vci/token";

        // Act and assert
        (await client.SendJsonAsync(HttpMethod.Post, path, "{\"grant_type\":\"x\"}")).AssertOAuthError(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType", "invalid_request");
        (await client.SendJsonAsync(HttpMethod.Post, path, "grant_type=x", contentType: "multipart/form-data; boundary=x")).AssertOAuthError(HttpStatusCode.UnsupportedMediaType, "unsupportedMediaType", "invalid_request");
        (await client.SendJsonAsync(HttpMethod.Post, path, "a=1&a=2", contentType: "application/x-www-form-urlencoded")).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
        (await client.SendJsonAsync(HttpMethod.Post, path, "a=" + new string('x', 10_000), contentType: "application/x-www-form-urlencoded")).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
        var many = string.Join('&', Enumerable.Range(0, 40).Select(i => $"p{i}=1"));
        (await client.SendJsonAsync(HttpMethod.Post, path, many, contentType: "application/x-www-form-urlencoded")).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
        (await client.SendJsonAsync(HttpMethod.Post, path, "%%%=\u0000", contentType: "application/x-www-form-urlencoded")).AssertStatus(HttpStatusCode.BadRequest);
    }
}
