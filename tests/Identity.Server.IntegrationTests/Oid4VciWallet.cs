// A minimal OpenID4VCI 1.0 wallet for the integration tests: offers, DPoP proofs (RFC 9449), key proofs and the three
// protocol requests, with every proof field overridable so the tests can send the bad ones too.
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;

namespace Identity.Server.IntegrationTests;

public sealed class Oid4VciWallet(HttpClient client, Scenario.Tenant tenant, string origin = "http://localhost", TimeProvider? clock = null) : IDisposable
{
    /// <summary>The wallet's idea of now (the server's fake clock when a test moves one), in seconds since the epoch.</summary>
    public long Iat => (clock ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds();

    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    public PrivateKey DpopKey { get; } = NewKey();

    public string Issuer => $"{origin}/tenants/{tenant.Id}";

    public string TokenEndpoint => $"{Issuer}/oid4vci/token";

    public string CredentialEndpoint => $"{Issuer}/oid4vci/credential";

    public static PrivateKey NewKey(KeyType type = KeyType.P256) => SignatureAlgorithms.ForKeyType(type).Value.GenerateKey();

    public static JsonObject PublicJwk(PrivateKey key) => JsonNode.Parse(JwkConverter.ToJson(key.PublicKey))!.AsObject();

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public async Task<JsonObject> OfferAsync(string configuration = "PatientIdentityCredential_sd_jwt", bool txCode = false, JsonObject? claims = null)
    {
        var body = new JsonObject
        {
            ["credential_configuration_id"] = configuration,
            ["claims"] = claims ?? new JsonObject { ["patientId"] = "MRN-1", ["givenName"] = "Ada", ["familyName"] = "Lovelace", ["birthDate"] = "1815-12-10" },
            ["tx_code"] = txCode,
        };
        return (await client.PostJsonAsync($"/tenants/{tenant.Id}/oid4vci/offers", body, tenant.ApiKey)).AssertStatus(HttpStatusCode.Created).Body!;
    }

    public static string CodeOf(JsonObject offer) =>
        offer["credential_offer"]!["grants"]![PreAuthorizedGrant]!["pre-authorized_code"]!.GetValue<string>();

    public static string DpopProof(PrivateKey key, string htm, string htu, string? accessToken = null, long? iat = null, string? jti = null, string typ = "dpop+jwt", JsonObject? jwk = null)
    {
        var claims = new JsonObject { ["jti"] = jti ?? Guid.NewGuid().ToString("N"), ["htm"] = htm, ["htu"] = htu, ["iat"] = iat ?? Now() };
        if (accessToken is not null)
        {
            claims["ath"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }

        return CompactJws.Sign(new JsonObject { ["typ"] = typ, ["jwk"] = jwk ?? PublicJwk(key) }, Encoding.UTF8.GetBytes(claims.ToJsonString()), key);
    }

    public string KeyProof(PrivateKey key, string? nonce, string? aud = null, long? iat = null, string typ = "openid4vci-proof+jwt")
    {
        var claims = new JsonObject { ["aud"] = aud ?? Issuer, ["iat"] = iat ?? Iat };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return CompactJws.Sign(new JsonObject { ["typ"] = typ, ["jwk"] = PublicJwk(key) }, Encoding.UTF8.GetBytes(claims.ToJsonString()), key);
    }

    /// <summary>POSTs a token request; <paramref name="dpop"/> null sends no DPoP header, "" a fresh valid proof.</summary>
    public async Task<ApiResponse> TokenAsync(IDictionary<string, string> form, string? dpop = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tenants/{tenant.Id}/oid4vci/token") { Content = new FormUrlEncodedContent(form) };
        if (dpop is not null)
        {
            request.Headers.Add("DPoP", dpop.Length == 0 ? DpopProof(DpopKey, "POST", TokenEndpoint, iat: Iat) : dpop);
        }

        return await Api.ReadAsync(await client.SendAsync(request));
    }

    public Task<ApiResponse> RedeemAsync(string code, string? txCode = null, string? dpop = "")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = PreAuthorizedGrant, ["pre-authorized_code"] = code };
        if (txCode is not null)
        {
            form["tx_code"] = txCode;
        }

        return TokenAsync(form, dpop);
    }

    public async Task<string> NonceAsync() =>
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/oid4vci/nonce", null)).AssertStatus(HttpStatusCode.OK).Body!["c_nonce"]!.GetValue<string>();

    /// <summary>POSTs a credential request with the token in <paramref name="scheme"/>; <paramref name="dpop"/> "" is a fresh valid proof.</summary>
    public async Task<ApiResponse> CredentialAsync(string? accessToken, JsonObject body, string scheme = "DPoP", string? dpop = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/tenants/{tenant.Id}/oid4vci/credential")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (accessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, accessToken);
        }

        if (dpop is not null && accessToken is not null)
        {
            request.Headers.Add("DPoP", dpop.Length == 0 ? DpopProof(DpopKey, "POST", CredentialEndpoint, accessToken, iat: Iat) : dpop);
        }

        return await Api.ReadAsync(await client.SendAsync(request));
    }

    public static JsonObject CredentialRequest(string configuration, params string[] proofs) => new()
    {
        ["credential_configuration_id"] = configuration,
        ["proofs"] = new JsonObject { ["jwt"] = new JsonArray([.. proofs.Select(p => (JsonNode)p)]) },
    };

    /// <summary>Offer → token (DPoP) → nonce: the access token for a fresh offer of <paramref name="configuration"/>.</summary>
    public async Task<string> AccessTokenAsync(string configuration = "PatientIdentityCredential_sd_jwt")
    {
        var offer = await OfferAsync(configuration);
        return (await RedeemAsync(CodeOf(offer))).AssertStatus(HttpStatusCode.OK).Body!["access_token"]!.GetValue<string>();
    }

    public void Dispose() => DpopKey.Dispose();
}

/// <summary>
/// Assertions on OpenID4VCI protocol errors (token and credential endpoints): application/json (RFC 6749 §5.2), with
/// the spec's error name and the RFC 9457 members with the stable code, and never cached.
/// </summary>
public static class OAuthAssert
{
    public static ApiResponse AssertOAuthError(this ApiResponse response, HttpStatusCode status, string code, string error)
    {
        Assert.AreEqual(status, response.Status, response.Text);
        Assert.AreEqual("application/json", response.MediaType, response.Text);
        Assert.AreEqual(code, response.Code, response.Text);
        Assert.AreEqual("/errors/" + code, new Uri(response.Body!["type"]!.GetValue<string>(), UriKind.Absolute).AbsolutePath, response.Text);
        Assert.AreEqual((int)status, response.Body["status"]!.GetValue<int>());
        Assert.IsFalse(string.IsNullOrEmpty(response.Body["title"]?.GetValue<string>()), response.Text);
        Assert.AreEqual(error, response.Body["error"]?.GetValue<string>(), response.Text);
        Assert.AreEqual(response.Body["detail"]?.GetValue<string>(), response.Body["error_description"]?.GetValue<string>(), response.Text);
        Assert.AreEqual("no-store", response.Headers.CacheControl?.ToString(), response.Text);
        Assert.IsFalse(response.Text.Contains("   at ", StringComparison.Ordinal), "no stack trace");
        return response;
    }
}
