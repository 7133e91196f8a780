using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>The OpenID4VCI nonce and credential endpoints: key proofs, batches, holder binding and status, through HTTP.</summary>
[TestClass]
public sealed class Oid4VciCredentialTests
{
    internal static JsonObject JwtPayload(string token) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('~')[0].Split('.')[1]))!.AsObject();

    [TestMethod]
    public async Task Credential_SdJwtBatchOfTwoKeys_IssuesOneBoundCredentialPerKey_WithTokenStatus()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        using var wallet = new Oid4VciWallet(client, tenant);
        using var first = Oid4VciWallet.NewKey();
        using var second = Oid4VciWallet.NewKey(KeyType.Ed25519);
        var token = await wallet.AccessTokenAsync();
        var nonce = await wallet.NonceAsync();

        // Act
        var response = await wallet.CredentialAsync(token, Oid4VciWallet.CredentialRequest(
            "PatientIdentityCredential_sd_jwt", wallet.KeyProof(first, nonce), wallet.KeyProof(second, nonce)));

        // Assert: one SD-JWT VC per key, each bound (cnf.jwk) to its key, with a Token Status List entry, and valid.
        response.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("no-store", response.Headers.CacheControl?.ToString());
        var credentials = response.Body!["credentials"]!.AsArray().Select(c => c!["credential"]!.GetValue<string>()).ToList();
        Assert.HasCount(2, credentials);
        foreach (var (credential, key) in credentials.Zip(new[] { first, second }))
        {
            var payload = JwtPayload(credential);
            Assert.AreEqual("https://identity.example/vct/PatientIdentityCredential", payload["vct"]!.GetValue<string>());
            Assert.AreEqual(tenant.Did, payload["iss"]!.GetValue<string>());
            Assert.AreEqual(JwkConverter.ToJson(key.PublicKey), JsonNode.Parse(payload["cnf"]!["jwk"]!.ToJsonString())!.ToJsonString());
            Assert.IsNotNull(payload["status"]!["status_list"]!["uri"]);
            StringAssert.EndsWith(credential, "~");
            (await client.VerifyAsync(EnvelopedCredentials.Credential(credential, EnvelopedCredentials.SdJwtMediaType))).AssertStatus(HttpStatusCode.OK);
        }
    }

    [TestMethod]
    public async Task Credential_LdpVc_IsDataIntegrity_WithBitstringStatus_AndTheHolderKeyAsSubject()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"));
        using var key = Oid4VciWallet.NewKey();
        var token = await wallet.AccessTokenAsync("HealthCredential_ldp_vc");

        var response = await wallet.CredentialAsync(token, Oid4VciWallet.CredentialRequest("HealthCredential_ldp_vc", wallet.KeyProof(key, await wallet.NonceAsync())));

        var credential = response.AssertStatus(HttpStatusCode.OK).Body!["credentials"]![0]!["credential"]!.AsObject();
        CollectionAssert.Contains(credential["type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList(), "HealthCredential");
        Assert.AreEqual(Identity.DidMethods.Jwk.DidJwkMethod.CreateDid(key.PublicKey).ToString(), credential["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.AreEqual("Ada", credential["credentialSubject"]!["givenName"]!.GetValue<string>());
        Assert.AreEqual("BitstringStatusListEntry", credential["credentialStatus"]![0]!["type"]!.GetValue<string>());
        Assert.AreEqual("DataIntegrityProof", credential["proof"]!["type"]!.GetValue<string>());
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Credential_JwtVcJson_IsAJwtWithTokenStatusAndTheHolderKeyAsSubject()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"));
        using var key = Oid4VciWallet.NewKey();
        var token = await wallet.AccessTokenAsync("PatientIdentityCredential_jwt_vc_json");

        var response = await wallet.CredentialAsync(token, Oid4VciWallet.CredentialRequest("PatientIdentityCredential_jwt_vc_json", wallet.KeyProof(key, await wallet.NonceAsync())));

        var jwt = response.AssertStatus(HttpStatusCode.OK).Body!["credentials"]![0]!["credential"]!.GetValue<string>();
        var payload = JwtPayload(jwt);
        Assert.AreEqual(Identity.DidMethods.Jwk.DidJwkMethod.CreateDid(key.PublicKey).ToString(), payload["credentialSubject"]!["id"]!.GetValue<string>());
        Assert.IsNotNull(payload["status"]!["status_list"]);
        (await client.VerifyAsync(EnvelopedCredentials.Credential(jwt))).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Credential_BadKeyProofs_AreInvalidProof_AndSpendNothing()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"));
        using var key = Oid4VciWallet.NewKey();
        var token = await wallet.AccessTokenAsync();
        var nonce = await wallet.NonceAsync();
        const string Id = "PatientIdentityCredential_sd_jwt";
        JsonObject[] bad =
        [
            Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce, aud: "http://localhost/tenants/other")),
            Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce, typ: "JWT")),
            Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce, iat: Oid4VciWallet.Now() - 3600)),
            Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce: null)),
            Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce), wallet.KeyProof(key, nonce)),
            Oid4VciWallet.CredentialRequest(Id, [.. Enumerable.Range(0, 9).Select(_ => wallet.KeyProof(Oid4VciWallet.NewKey(), nonce))]),
            Oid4VciWallet.CredentialRequest(Id),
            new JsonObject { ["credential_configuration_id"] = Id },
            new JsonObject { ["credential_configuration_id"] = Id, ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(42) } },
            new JsonObject { ["credential_configuration_id"] = Id, ["proofs"] = new JsonObject { ["attestation"] = new JsonArray("x") } },
        ];

        // Act and assert: each refused before the nonce and the token are spent, so the right request still succeeds.
        foreach (var body in bad)
        {
            (await wallet.CredentialAsync(token, body)).AssertOAuthError(HttpStatusCode.BadRequest, "invalidKeyProof", "invalid_proof");
        }

        (await wallet.CredentialAsync(token, new JsonObject { ["credential_configuration_id"] = "NoSuch", ["proofs"] = new JsonObject() }))
            .AssertOAuthError(HttpStatusCode.BadRequest, "unknownCredentialConfiguration", "unknown_credential_configuration");
        (await wallet.CredentialAsync(token, Oid4VciWallet.CredentialRequest("HealthCredential_sd_jwt", wallet.KeyProof(key, nonce))))
            .AssertOAuthError(HttpStatusCode.BadRequest, "invalidCredentialRequest", "invalid_credential_request");
        (await wallet.CredentialAsync(token, new JsonObject { ["credential_identifier"] = "x" }))
            .AssertOAuthError(HttpStatusCode.BadRequest, "invalidCredentialRequest", "invalid_credential_request");
        (await wallet.CredentialAsync(token, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce)))).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Credential_NonceUnknownReusedOrExpired_IsInvalidNonce_AndTheTokenIsSpentOnlyBySuccess()
    {
        // Arrange: a clock the test moves.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new IdentityServerFactory(clock: clock);
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"), clock: clock);
        using var key = Oid4VciWallet.NewKey();
        const string Id = "PatientIdentityCredential_sd_jwt";
        long Iat() => wallet.Iat;
        var token = await wallet.AccessTokenAsync();
        var stale = await wallet.NonceAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        var token2 = await wallet.AccessTokenAsync();

        // Act and assert
        (await wallet.CredentialAsync(token2, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, stale, iat: Iat()))))
            .AssertOAuthError(HttpStatusCode.BadRequest, "invalidNonce", "invalid_nonce");
        (await wallet.CredentialAsync(token2, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, "never-issued", iat: Iat()))))
            .AssertOAuthError(HttpStatusCode.BadRequest, "invalidNonce", "invalid_nonce");
        var nonce = await wallet.NonceAsync();
        (await wallet.CredentialAsync(token2, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce, iat: Iat())))).AssertStatus(HttpStatusCode.OK);
        (await wallet.CredentialAsync(token2, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, await wallet.NonceAsync(), iat: Iat()))))
            .AssertOAuthError(HttpStatusCode.Unauthorized, "invalidToken", "invalid_token");
        var token3 = await wallet.AccessTokenAsync();
        (await wallet.CredentialAsync(token3, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, nonce, iat: Iat()))))
            .AssertOAuthError(HttpStatusCode.BadRequest, "invalidNonce", "invalid_nonce");
        (await wallet.CredentialAsync(token, Oid4VciWallet.CredentialRequest(Id, wallet.KeyProof(key, await wallet.NonceAsync(), iat: Iat()))))
            .AssertOAuthError(HttpStatusCode.Unauthorized, "invalidToken", "invalid_token");
    }

    [TestMethod]
    public async Task Credential_TokenAndDpopMismatches_Are401WithAChallenge()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"));
        using var key = Oid4VciWallet.NewKey();
        using var stranger = Oid4VciWallet.NewKey();
        var token = await wallet.AccessTokenAsync();
        var body = Oid4VciWallet.CredentialRequest("PatientIdentityCredential_sd_jwt", wallet.KeyProof(key, await wallet.NonceAsync()));

        // Act and assert
        var mismatch = (await wallet.CredentialAsync(token, body, dpop: Oid4VciWallet.DpopProof(stranger, "POST", wallet.CredentialEndpoint, token)))
            .AssertOAuthError(HttpStatusCode.Unauthorized, "invalidDpopProof", "invalid_dpop_proof");
        StringAssert.StartsWith(mismatch.Headers.WwwAuthenticate.ToString(), "DPoP error=\"invalid_dpop_proof\"");
        (await wallet.CredentialAsync(token, body, dpop: Oid4VciWallet.DpopProof(wallet.DpopKey, "POST", wallet.CredentialEndpoint, "another-token")))
            .AssertOAuthError(HttpStatusCode.Unauthorized, "invalidDpopProof", "invalid_dpop_proof");
        (await wallet.CredentialAsync(token, body, dpop: null)).AssertOAuthError(HttpStatusCode.Unauthorized, "invalidDpopProof", "invalid_dpop_proof");
        (await wallet.CredentialAsync(token, body, scheme: "Bearer")).AssertOAuthError(HttpStatusCode.Unauthorized, "invalidToken", "invalid_token");
        (await wallet.CredentialAsync(null, body)).AssertOAuthError(HttpStatusCode.Unauthorized, "invalidToken", "invalid_token");
        (await wallet.CredentialAsync("forged", body)).AssertOAuthError(HttpStatusCode.Unauthorized, "invalidToken", "invalid_token");
        (await wallet.CredentialAsync(token, body)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task Credential_MalformedAndOversizedBodies_AreProblems_NeverServerErrors()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_MAX_REQUEST_BYTES"] = "65536");
        var client = factory.CreateClient();
        using var wallet = new Oid4VciWallet(client, await client.CreateTenantAsync("st-marys"));
        var token = await wallet.AccessTokenAsync();

        async Task<ApiResponse> SendAsync(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/tenants/st-marys/oid4vci/credential") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("DPoP", token);
            request.Headers.Add("DPoP", Oid4VciWallet.DpopProof(wallet.DpopKey, "POST", wallet.CredentialEndpoint, token));
            return await Api.ReadAsync(await client.SendAsync(request));
        }

        (await SendAsync("{\"proofs\": ")).AssertOAuthError(HttpStatusCode.BadRequest, "invalidJson", "invalid_request");
        (await SendAsync("[1]")).AssertOAuthError(HttpStatusCode.BadRequest, "invalidRequest", "invalid_request");
        (await SendAsync("{\"proofs\":\"" + new string('a', 70_000) + "\"}")).AssertOAuthError(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge", "invalid_request");
        var huge = Oid4VciWallet.CredentialRequest("PatientIdentityCredential_sd_jwt", "eyJ" + new string('a', 20_000) + ".e30.sig");
        (await SendAsync(huge.ToJsonString())).AssertOAuthError(HttpStatusCode.BadRequest, "invalidKeyProof", "invalid_proof");
    }
}
