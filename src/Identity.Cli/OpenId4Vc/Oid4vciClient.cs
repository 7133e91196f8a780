// References: OpenID for Verifiable Credential Issuance 1.0 (final, 2025-09-16), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html :
//   §6 (token endpoint, pre-authorized code and tx_code), §7 (nonce endpoint), §8 (credential request with proofs and
//   the credential response), §8.2.1.1 and Appendix F.1 (jwt proof: typ openid4vci-proof+jwt, aud, iat, nonce),
//   §12.2 (Credential Issuer metadata); RFC 8414 (authorization-server metadata); RFC 9449 (DPoP).
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// The wallet's side of a pre-authorized OpenID4VCI 1.0 issuance: issuer and authorization-server metadata, the token
/// request (DPoP-bound when the server issues DPoP tokens), a fresh <c>c_nonce</c> per credential, and credential
/// requests with a <c>jwt</c> key proof. Every error answer becomes <c>issuerRefused</c> naming the OAuth error.
/// </summary>
/// <remarks>Not thread-safe; one instance per command run.</remarks>
internal sealed class Oid4vciClient(OpenIdHttp http, DpopSession dpop, TimeProvider time)
{
    private string? _accessToken;
    private bool _dpopBound;
    private string? _legacyNonce;

    public IssuerMetadata Metadata { get; private set; } = null!;

    /// <summary>Reads the issuer's metadata and that of its authorization server (RFC 8414, path inserted after the host).</summary>
    public async Task LoadMetadataAsync(CredentialOffer offer, CancellationToken ct)
    {
        var issuerJson = await GetJsonAsync(OpenIdHttp.WellKnown(offer.CredentialIssuer, "openid-credential-issuer"), "Credential Issuer metadata", ct).ConfigureAwait(false);
        var issuerText = CredentialOffer.Text(issuerJson["credential_issuer"]);
        if (issuerText != offer.CredentialIssuer.OriginalString)
        {
            throw new CliException(ErrorCodes.OfferInvalid, $"The issuer's metadata names credential_issuer '{issuerText}', not '{offer.CredentialIssuer.OriginalString}' from the offer.");
        }

        var authorizationServer = (issuerJson["authorization_servers"] as JsonArray)?.Select(CredentialOffer.Text).FirstOrDefault() ?? issuerText;
        var asUri = http.Check(authorizationServer, "authorization server", ErrorCodes.OfferInvalid);
        var asJson = await GetJsonAsync(OpenIdHttp.WellKnown(asUri, "oauth-authorization-server"), "authorization-server metadata", ct).ConfigureAwait(false);
        if (CredentialOffer.Text(asJson["issuer"]) != authorizationServer)
        {
            throw new CliException(ErrorCodes.OfferInvalid, $"The authorization-server metadata names issuer '{CredentialOffer.Text(asJson["issuer"])}', not '{authorizationServer}'.");
        }

        Metadata = new IssuerMetadata(
            offer.CredentialIssuer.OriginalString,
            http.Check(CredentialOffer.Text(issuerJson["credential_endpoint"]), "credential_endpoint", ErrorCodes.OfferInvalid),
            issuerJson["nonce_endpoint"] is null ? null : http.Check(CredentialOffer.Text(issuerJson["nonce_endpoint"]), "nonce_endpoint", ErrorCodes.OfferInvalid),
            http.Check(CredentialOffer.Text(asJson["token_endpoint"]), "token_endpoint", ErrorCodes.OfferInvalid),
            issuerJson["credential_configurations_supported"] as JsonObject ?? [],
            CredentialOffer.Text((issuerJson["display"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["name"]));
    }

    /// <summary>Exchanges the pre-authorized code (and the transaction code, when the offer asked for one) for an access token.</summary>
    public async Task RequestTokenAsync(CredentialOffer offer, string? txCode, CancellationToken ct)
    {
        List<KeyValuePair<string, string>> form = [new("grant_type", CredentialOffer.PreAuthorizedGrant), new("pre-authorized_code", offer.PreAuthorizedCode)];
        if (txCode is not null)
        {
            form.Add(new("tx_code", txCode));
        }

        var answer = await dpop.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Metadata.TokenEndpoint) { Content = OpenIdHttp.Form(form) }, null, ct).ConfigureAwait(false);
        var json = Succeeded(answer, "token endpoint");
        _accessToken = CredentialOffer.Text(json["access_token"]) ?? throw new CliException(ErrorCodes.IssuerRefused, "The token endpoint answered without an access_token.");
        var type = CredentialOffer.Text(json["token_type"]);
        _dpopBound = string.Equals(type, "DPoP", StringComparison.OrdinalIgnoreCase);
        if (!_dpopBound && !string.Equals(type, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException(ErrorCodes.IssuerRefused, $"The token endpoint answered token_type '{type}'; DPoP or Bearer is expected.");
        }

        _legacyNonce = CredentialOffer.Text(json["c_nonce"]);
    }

    /// <summary>
    /// Requests the credential of <paramref name="configurationId"/>, proving possession of <paramref name="proofKey"/>
    /// (named by <paramref name="kid"/>, a DID URL, or else by its public JWK in the proof header).
    /// </summary>
    /// <returns>The credentials the issuer returned (strings for JWT-based formats, objects for <c>ldp_vc</c>).</returns>
    public async Task<IReadOnlyList<JsonNode>> RequestCredentialAsync(string configurationId, PrivateKey proofKey, string? kid, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nonce = await NonceAsync(ct).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["credential_configuration_id"] = configurationId,
                ["proofs"] = new JsonObject { ["jwt"] = new JsonArray(Proof(proofKey, kid, nonce)) },
            };
            var answer = await SendAuthorizedAsync(body, ct).ConfigureAwait(false);
            if (attempt == 0 && answer.Status == HttpStatusCode.BadRequest && CredentialOffer.Text(answer.Json()?["error"]) == "invalid_nonce")
            {
                continue;
            }

            var json = Succeeded(answer, "credential endpoint");
            if (answer.Status == HttpStatusCode.Accepted || json["transaction_id"] is not null)
            {
                throw new CliException(ErrorCodes.IssuerRefused, "The issuer deferred the credential (transaction_id); this wallet does not poll for deferred credentials.");
            }

            var credentials = (json["credentials"] as JsonArray)?.OfType<JsonObject>().Select(c => c["credential"]).OfType<JsonNode>().ToList()
                ?? (json["credential"] is { } single ? [single] : []);
            return credentials.Count > 0 ? credentials : throw new CliException(ErrorCodes.IssuerRefused, "The credential endpoint answered without credentials.");
        }
    }

    // A fresh c_nonce from the nonce endpoint (§7); issuers of earlier drafts sent it with the token instead.
    private async Task<string?> NonceAsync(CancellationToken ct)
    {
        if (Metadata.NonceEndpoint is not { } endpoint)
        {
            return _legacyNonce;
        }

        var answer = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, endpoint), ct).ConfigureAwait(false);
        return CredentialOffer.Text(Succeeded(answer, "nonce endpoint")["c_nonce"])
            ?? throw new CliException(ErrorCodes.IssuerRefused, "The nonce endpoint answered without a c_nonce.");
    }

    private Task<HttpAnswer> SendAuthorizedAsync(JsonObject body, CancellationToken ct)
    {
        HttpRequestMessage Create() => new(HttpMethod.Post, Metadata.CredentialEndpoint) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (_dpopBound)
        {
            return dpop.SendAsync(Create, _accessToken, ct);
        }

        var request = Create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        return http.SendAsync(request, ct);
    }

    private string Proof(PrivateKey key, string? kid, string? nonce)
    {
        var header = new JsonObject { ["typ"] = "openid4vci-proof+jwt" };
        header[kid is null ? "jwk" : "kid"] = kid is null ? Jwk.Public(key.PublicKey) : kid;
        var claims = new JsonObject { ["aud"] = Metadata.CredentialIssuer, ["iat"] = time.GetUtcNow().ToUnixTimeSeconds() };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(claims.ToJsonString()), key);
    }

    private async Task<JsonObject> GetJsonAsync(Uri uri, string what, CancellationToken ct)
    {
        var answer = await http.GetAsync(uri, "application/json", ct).ConfigureAwait(false);
        return answer.IsSuccess && answer.Json() is { } json
            ? json
            : throw new CliException(ErrorCodes.OfferInvalid, $"The {what} at {uri} could not be read ({(answer.IsSuccess ? "not a JSON object" : answer.OAuthError())}).");
    }

    private static JsonObject Succeeded(HttpAnswer answer, string endpoint) =>
        answer.IsSuccess
            ? answer.Json() ?? throw new CliException(ErrorCodes.IssuerRefused, $"The issuer's {endpoint} answered {(int)answer.Status} without a JSON object.")
            : throw new CliException(ErrorCodes.IssuerRefused, $"The issuer's {endpoint} refused ({answer.OAuthError()}).");
}

/// <summary>What the wallet needs from the issuer's and its authorization server's metadata.</summary>
internal sealed record IssuerMetadata(
    string CredentialIssuer, Uri CredentialEndpoint, Uri? NonceEndpoint, Uri TokenEndpoint, JsonObject Configurations, string? DisplayName)
{
    /// <summary>The configuration the offer names, or null when the issuer does not describe it.</summary>
    public JsonObject? Configuration(string id) => Configurations[id] as JsonObject;
}
