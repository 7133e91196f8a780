// References: OpenID for Verifiable Presentations 1.0 (final, 2025-07-09), https://openid.net/specs/openid-4-verifiable-presentations-1_0.html :
//   §5 (authorization request: client_id, request_uri, request_uri_method, nonce, dcql_query, client_metadata),
//   §5.9 (client identifier prefixes decentralized_identifier: and x509_hash:), §8.2 (direct_post, response_uri),
//   §8.3 (direct_post.jwt); RFC 9101 (JAR) §4 and §10.8 (typ oauth-authz-req+jwt, client_id must match).
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Credentials.Jose;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// A verifier's request the wallet has checked: fetched from <c>request_uri</c> (or given by value), signed with the
/// key its client identifier names, for the same <c>client_id</c> as the link, and complete for a DCQL answer by
/// <c>direct_post</c> or <c>direct_post.jwt</c>. Unsigned requests are refused: the wallet cannot tell who asks.
/// </summary>
internal sealed record AuthorizationRequest(
    string ClientId, string Nonce, Uri ResponseUri, string ResponseMode, JsonObject DcqlQuery, JsonObject? ClientMetadata, string? State, string SignedBy)
{
    public const string DidPrefix = "decentralized_identifier:";
    public const string X509HashPrefix = "x509_hash:";
    public const string RequestObjectType = "oauth-authz-req+jwt";

    /// <summary>The name the verifier gives itself (client_metadata.client_name), if any; it is not verified.</summary>
    public string? VerifierName => CredentialOffer.Text(ClientMetadata?["client_name"]);

    public static async Task<AuthorizationRequest> ResolveAsync(
        string link, OpenIdHttp http, IDidResolver resolver, bool trustX509, TimeProvider time, CancellationToken ct)
    {
        var query = QueryParameters.Parse(link, "presentation request", ErrorCodes.RequestObjectInvalid);
        var clientId = query.GetValueOrDefault("client_id") is { Length: > 0 } id ? id : throw Invalid("The request link has no client_id.");
        string requestObject;
        if (query.TryGetValue("request", out var byValue) && !query.ContainsKey("request_uri"))
        {
            requestObject = byValue;
        }
        else if (query.TryGetValue("request_uri", out var uriText) && !query.ContainsKey("request"))
        {
            var uri = http.Check(uriText, "request_uri", ErrorCodes.RequestObjectInvalid);
            var post = query.GetValueOrDefault("request_uri_method") == "post";
            var request = new HttpRequestMessage(post ? HttpMethod.Post : HttpMethod.Get, uri) { Content = post ? OpenIdHttp.Form([]) : null };
            request.Headers.Accept.ParseAdd("application/oauth-authz-req+jwt");
            var answer = await http.SendAsync(request, ct).ConfigureAwait(false);
            requestObject = answer.IsSuccess ? answer.Text.Trim() : throw Invalid($"The request_uri answered {answer.OAuthError()}; the request may have expired.");
        }
        else
        {
            throw Invalid("This wallet answers signed requests only: the link needs exactly one of request_uri and request.");
        }

        var jws = CompactJws.Parse(requestObject);
        if (!jws.IsSuccess)
        {
            throw Invalid($"The request object is not a signed JWT ({jws.Error!.Detail})");
        }

        if (jws.Value.Type != RequestObjectType || jws.Value.PayloadObject() is not { } claims)
        {
            throw Invalid($"The request object must have typ {RequestObjectType} and a JSON object payload.");
        }

        if (CredentialOffer.Text(claims["client_id"]) != clientId)
        {
            throw Invalid("The request object's client_id differs from the link's: someone else's request may have been substituted.");
        }

        var signedBy = await VerifySignatureAsync(jws.Value, clientId, resolver, trustX509, time, ct).ConfigureAwait(false);
        return FromClaims(claims, clientId, signedBy, http, time);
    }

    private static async Task<string> VerifySignatureAsync(CompactJws jws, string clientId, IDidResolver resolver, bool trustX509, TimeProvider time, CancellationToken ct)
    {
        if (clientId.StartsWith(DidPrefix, StringComparison.Ordinal))
        {
            var did = clientId[DidPrefix.Length..];
            if (!Did.TryParse(did, out _) || jws.KeyId is not { } kid || !kid.StartsWith(did + "#", StringComparison.Ordinal))
            {
                throw Invalid("A decentralized_identifier: request is signed with a key named by a DID URL (kid) of that DID.");
            }

            // The DID document decides which of its keys speak for it; authentication first, then assertionMethod.
            var signers = new JwsSignerResolution(resolver);
            var verified = await signers.VerifyAsync(jws, did, VerificationRelationship.Authentication, ct).ConfigureAwait(false);
            if (!verified.Verdict.IsValid && !verified.Verdict.Checked)
            {
                verified = await signers.VerifyAsync(jws, did, VerificationRelationship.AssertionMethod, ct).ConfigureAwait(false);
            }

            return verified.Verdict.IsValid
                ? kid
                : throw Invalid($"The request object's signature does not verify with {kid} ({verified.Verdict.Error?.Code}: {verified.Verdict.Error?.Detail})");
        }

        if (clientId.StartsWith(X509HashPrefix, StringComparison.Ordinal))
        {
            return VerifierCertificate.Verify(jws, clientId[X509HashPrefix.Length..], trustX509, time);
        }

        var prefix = clientId.Contains(':', StringComparison.Ordinal) ? clientId[..clientId.IndexOf(':', StringComparison.Ordinal)] : "none (a pre-registered client)";
        throw Invalid($"The client identifier prefix {prefix} is not supported; this wallet verifies decentralized_identifier: and x509_hash: verifiers.");
    }

    private static AuthorizationRequest FromClaims(JsonObject claims, string clientId, string signedBy, OpenIdHttp http, TimeProvider time)
    {
        if (claims["exp"] is JsonValue exp && exp.TryGetValue<long>(out var expires) && expires < time.GetUtcNow().ToUnixTimeSeconds() - 60)
        {
            throw Invalid("The request object has expired; ask the verifier for a new request.");
        }

        if (CredentialOffer.Text(claims["response_type"]) != "vp_token")
        {
            throw Invalid("The request's response_type is not vp_token (an ID Token or code flow is not supported).");
        }

        var mode = CredentialOffer.Text(claims["response_mode"]);
        if (mode is not ("direct_post" or "direct_post.jwt"))
        {
            throw Invalid($"The request's response_mode is '{mode}'; this wallet answers direct_post and direct_post.jwt.");
        }

        var nonce = CredentialOffer.Text(claims["nonce"]) is { Length: > 0 } n ? n : throw Invalid("The request has no nonce.");
        var dcql = claims["dcql_query"] as JsonObject ?? throw Invalid(claims["presentation_definition"] is null
            ? "The request has no dcql_query." : "The request uses Presentation Exchange; this wallet answers DCQL queries (OpenID4VP 1.0).");
        var responseUri = http.Check(CredentialOffer.Text(claims["response_uri"]), "response_uri", ErrorCodes.RequestObjectInvalid);
        return new AuthorizationRequest(clientId, nonce, responseUri, mode, dcql, claims["client_metadata"] as JsonObject, CredentialOffer.Text(claims["state"]), signedBy);
    }

    internal static CliException Invalid(string detail) => new(ErrorCodes.RequestObjectInvalid, detail.EndsWith('.') ? detail : detail + ".");
}
