// References: RFC 9449 OAuth 2.0 Demonstrating Proof of Possession (DPoP), September 2023, §4.2 (proof JWT: typ
//   dpop+jwt, jwk, jti, htm, htu, iat, ath), §7.1 (DPoP access tokens), §8 and §9 (server-provided nonces,
//   use_dpop_nonce and the DPoP-Nonce header), https://www.rfc-editor.org/rfc/rfc9449
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// One DPoP key (P-256, ES256) for one issuance: every request to the token and credential endpoints carries a fresh
/// proof signed with it, and a server's <c>use_dpop_nonce</c> challenge is answered once with the nonce it sent.
/// The key lives only as long as the command; the access token is bound to it and dies with it.
/// </summary>
/// <remarks>Owns the key (disposable); not thread-safe.</remarks>
internal sealed class DpopSession(OpenIdHttp http, TimeProvider time) : IDisposable
{
    private readonly PrivateKey _key = SignatureAlgorithms.P256.GenerateKey();
    private readonly Dictionary<string, string> _nonces = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends the request <paramref name="create"/> builds, with a DPoP proof (and <c>Authorization: DPoP</c> when
    /// <paramref name="accessToken"/> is given). A <c>use_dpop_nonce</c> answer (400 or 401 with <c>DPoP-Nonce</c>)
    /// is retried once with the new nonce; every answer's <c>DPoP-Nonce</c> is kept for the next request to that origin.
    /// </summary>
    public async Task<HttpAnswer> SendAsync(Func<HttpRequestMessage> create, string? accessToken, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var request = create();
            var origin = request.RequestUri!.GetLeftPart(UriPartial.Authority);
            // Invariant: OpenIdHttp.SendAsync disposes the request; each attempt builds a new one.
            request.Headers.Add("DPoP", Proof(request.Method.Method, request.RequestUri, accessToken, _nonces.GetValueOrDefault(origin)));
            if (accessToken is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("DPoP", accessToken);
            }

            var answer = await http.SendAsync(request, ct).ConfigureAwait(false);
            var fresh = answer.Header("DPoP-Nonce");
            if (fresh is not null)
            {
                _nonces[origin] = fresh;
            }

            if (attempt == 0 && fresh is not null && !answer.IsSuccess && AsksForNonce(answer))
            {
                continue;
            }

            return answer;
        }
    }

    // use_dpop_nonce comes as the JSON error of the token endpoint (§8) or in WWW-Authenticate from a resource (§9).
    private static bool AsksForNonce(HttpAnswer answer) =>
        answer.Json()?["error"]?.ToString() == "use_dpop_nonce"
        || (answer.Headers.WwwAuthenticate.ToString().Contains("use_dpop_nonce", StringComparison.Ordinal));

    private string Proof(string method, Uri uri, string? accessToken, string? nonce)
    {
        var header = new JsonObject { ["typ"] = "dpop+jwt", ["jwk"] = Jwk.Public(_key.PublicKey) };
        var claims = new JsonObject
        {
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["htm"] = method,
            ["htu"] = uri.GetLeftPart(UriPartial.Path),
            ["iat"] = time.GetUtcNow().ToUnixTimeSeconds(),
        };
        if (nonce is not null)
        {
            claims["nonce"] = nonce;
        }

        if (accessToken is not null)
        {
            claims["ath"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));
        }

        return CompactJws.Sign(header, Encoding.UTF8.GetBytes(claims.ToJsonString()), _key);
    }

    internal static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public void Dispose() => _key.Dispose();
}

/// <summary>Public JWKs as JSON objects for JOSE headers and claims.</summary>
internal static class Jwk
{
    public static JsonObject Public(PublicKey key) => JsonNode.Parse(JwkConverter.ToJson(key))!.AsObject();
}
