// References: RFC 6749 §5.2 (token error response), RFC 6750 §3 (WWW-Authenticate, invalid_token), RFC 9449 §5 and §7.1
//   (invalid_dpop_proof, the DPoP scheme), OpenID4VCI 1.0 §6.3, §7.3 and §8.3.1.2 (invalid_proof, invalid_nonce,
//   unknown_credential_configuration, invalid_credential_request); RFC 9457 (problem details)
using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// Turns a failure of an OAuth protocol endpoint (token, credential) into one body that both kinds of client read: the
/// OAuth members <c>error</c> and <c>error_description</c> (what wallets switch on) next to the RFC 9457 members
/// <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c> and <c>code</c> (the house rule). Its media type is
/// <c>application/json</c>, as RFC 6749 §5.2 and OpenID4VCI §8.3.1.2 require, not <c>application/problem+json</c>: the
/// OWF client (<c>@openid4vc/openid4vci</c> 0.4.6, behind Credo) reads a credential error response only when the
/// media type contains <c>application/json</c>, so a problem media type would hide <c>invalid_nonce</c> from it.
/// Every such response carries <c>Cache-Control: no-store</c> (RFC 6749 §5.1).
/// </summary>
internal static class OAuthProblems
{
    private static readonly FrozenDictionary<string, string> s_oauthErrors = new Dictionary<string, string>
    {
        [ErrorCodes.InvalidGrant] = "invalid_grant",
        [ErrorCodes.UnsupportedGrantType] = "unsupported_grant_type",
        [ErrorCodes.InvalidDpopProof] = "invalid_dpop_proof",
        [ErrorCodes.InvalidToken] = "invalid_token",
        [ErrorCodes.InvalidKeyProof] = "invalid_proof",
        [ErrorCodes.InvalidNonce] = "invalid_nonce",
        [ErrorCodes.UnknownCredentialConfiguration] = "unknown_credential_configuration",
        [ErrorCodes.InvalidCredentialRequest] = "invalid_credential_request",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The OAuth <c>error</c> name of a code; any other failure (a malformed or oversized body) is <c>invalid_request</c>.</summary>
    public static string OAuthError(string code) => s_oauthErrors.GetValueOrDefault(code, "invalid_request");

    /// <summary>
    /// The problem response for <paramref name="error"/>. At a protected resource (<paramref name="scheme"/> set), token
    /// and DPoP failures are 401 with a <c>WWW-Authenticate</c> challenge in that scheme (<c>DPoP</c> or <c>Bearer</c>).
    /// </summary>
    public static IResult For(Error error, string? scheme = null)
    {
        string oauthError = OAuthError(error.Code);
        bool challenge = scheme is not null && error.Code is ErrorCodes.InvalidToken or ErrorCodes.InvalidDpopProof;
        int status = challenge || error.Code == ErrorCodes.InvalidToken ? StatusCodes.Status401Unauthorized : Problems.StatusOf(error.Code);
        var body = Problems.Body(error, status);
        body["error"] = oauthError;
        body["error_description"] = error.Detail;
        return new NoStoreResult(new ErrorResult(body, status), challenge ? $"{scheme} error=\"{oauthError}\", algs=\"{string.Join(' ', IssuerMetadata.ProofAlgorithms)}\"" : null);
    }

    /// <summary>A 200 JSON body that must not be cached (tokens, nonces, credentials).</summary>
    public static IResult NoStore(JsonObject body, int status = StatusCodes.Status200OK) =>
        new NoStoreResult(Results.Json(body, statusCode: status), null);

    private sealed class ErrorResult(JsonObject body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json";
            return httpContext.Response.WriteAsync(ErrorPages.Link(body, httpContext).ToJsonString(), httpContext.RequestAborted);
        }
    }

    private sealed class NoStoreResult(IResult inner, string? challenge) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            if (challenge is not null)
            {
                httpContext.Response.Headers.WWWAuthenticate = challenge;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }
}
