// References: OpenID4VCI 1.0 §8 (credential endpoint: request with credential_configuration_id and proofs, response
//   {"credentials": [{"credential": ...}]}, errors §8.3.1.2), §7 (nonce endpoint), Appendix A (formats); RFC 6750 §2.1
//   and RFC 9449 §7.1 (Bearer and DPoP access tokens), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.DidMethods.Jwk;
using Identity.Primitives;
using Identity.Server.Credentials;
using Identity.Server.Http;
using Identity.Server.Status;
using Identity.Storage;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// Serves the nonce and credential endpoints. A credential request is checked in full (access token, DPoP binding,
/// configuration, every key proof) before anything is spent; then its nonce and its access token are each consumed
/// once, and one credential per proven key goes through the ordinary issuance pipeline (status entries, sealed
/// storage, audit). The holder is bound through the credential subject's did:jwk of the proof key, which the
/// pipeline turns into <c>cnf.jwk</c> for SD-JWT VC and keeps as <c>credentialSubject.id</c> for the other formats.
/// </summary>
internal sealed class CredentialRequests(
    IssuanceState state, DpopProofs dpop, KeyProofs keyProofs, IssuerMetadata metadata, Oid4VciOptions options, IssuanceService issuance,
    StatusListService statusLists, Telemetry.IdentityMetrics metrics)
{
    /// <summary>A fresh <c>c_nonce</c>, single use, for key proofs.</summary>
    public async Task<Result<JsonObject>> NonceAsync(string tenantId, CancellationToken cancellationToken)
    {
        string nonce = IssuanceState.NewSecret();
        var stored = await state.PutAsync(tenantId, NonceKey(nonce), payload: null, options.NonceLifetime, cancellationToken).ConfigureAwait(false);
        return stored.IsSuccess ? new JsonObject { ["c_nonce"] = nonce } : stored.Error!;
    }

    /// <summary>The access token of a request and its scheme (<c>Bearer</c> or <c>DPoP</c>), or null when it has none.</summary>
    public static (string Scheme, string Token)? AccessToken(HttpRequest request)
    {
        var headers = request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } value)
        {
            return null;
        }

        int space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || value.Length - space - 1 is 0 or > 512)
        {
            return null;
        }

        string scheme = value[..space];
        return scheme.Equals("DPoP", StringComparison.OrdinalIgnoreCase) ? ("DPoP", value[(space + 1)..])
            : scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? ("Bearer", value[(space + 1)..])
            : null;
    }

    /// <summary>Checks the access token and its DPoP binding; the grant it carries (configuration, claims).</summary>
    public async Task<Result<JsonObject>> AuthorizeAsync(string tenantId, HttpRequest request, (string Scheme, string Token)? presented, CancellationToken cancellationToken)
    {
        if (presented is not { } token)
        {
            return new Error(ErrorCodes.InvalidToken, "The credential endpoint needs an access token from the token endpoint (Authorization: DPoP … or Bearer …).");
        }

        var grant = await state.FindAsync(tenantId, IssuanceState.Key("token", token.Token), cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return new Error(ErrorCodes.InvalidToken, "The access token is unknown, expired or already used.");
        }

        var jkt = JsonText.String(grant.Value.Payload["jkt"]);
        if ((jkt is not null) != (token.Scheme == "DPoP"))
        {
            return new Error(ErrorCodes.InvalidToken, jkt is null
                ? "This access token is a bearer token: send it with the Bearer scheme."
                : "This access token is DPoP-bound: send it with the DPoP scheme and a DPoP proof.");
        }

        if (jkt is not null)
        {
            var proof = await dpop.CheckAsync(request, metadata.CredentialEndpoint(tenantId), token.Token, cancellationToken).ConfigureAwait(false);
            if (!proof.IsSuccess)
            {
                return proof.Error!;
            }

            if (proof.Value != jkt)
            {
                return new Error(ErrorCodes.InvalidDpopProof, "The DPoP proof is signed by another key than the one this access token is bound to.");
            }
        }

        return grant.Value.Payload;
    }

    /// <summary>Issues the credentials of an authorized request body; <c>{"credentials": [{"credential": ...}, ...]}</c>.</summary>
    public async Task<Result<JsonObject>> IssueAsync(string tenantId, string accessToken, JsonObject grant, JsonObject body, CancellationToken cancellationToken)
    {
        if (body.ContainsKey("credential_identifier") || body.ContainsKey("proof") || body.ContainsKey("format"))
        {
            return new Error(ErrorCodes.InvalidCredentialRequest,
                "This issuer takes credential_configuration_id with proofs (OpenID4VCI 1.0); credential_identifier, format and the single proof are not served.");
        }

        if (JsonText.String(body["credential_configuration_id"]) is not { } requested)
        {
            return new Error(ErrorCodes.InvalidCredentialRequest, "The credential request has no credential_configuration_id.");
        }

        if (!CredentialConfiguration.All.TryGetValue(requested, out var configuration))
        {
            return new Error(ErrorCodes.UnknownCredentialConfiguration, $"'{requested}' is not a credential configuration of this issuer.");
        }

        if (requested != JsonText.String(grant["configuration"]) || grant["claims"] is not JsonObject claims)
        {
            return new Error(ErrorCodes.InvalidCredentialRequest, $"This access token was granted for another credential configuration than '{requested}'.");
        }

        var proofs = await keyProofs.CheckAsync(body["proofs"], metadata.IssuerId(tenantId), cancellationToken).ConfigureAwait(false);
        if (!proofs.IsSuccess)
        {
            return proofs.Error!;
        }

        if (await state.ConsumeAsync(tenantId, NonceKey(proofs.Value.Nonce), cancellationToken).ConfigureAwait(false) is null)
        {
            return new Error(ErrorCodes.InvalidNonce, "The key proofs' nonce is not a live c_nonce of this issuer (unknown, expired or used); get a new one from the nonce endpoint.");
        }

        if (await state.ConsumeAsync(tenantId, IssuanceState.Key("token", accessToken), cancellationToken).ConfigureAwait(false) is null)
        {
            return new Error(ErrorCodes.InvalidToken, "The access token was used meanwhile; an access token buys one credential request.");
        }

        // The token is spent: the batch runs to its end (or is revoked) even if the client goes away meanwhile.
        return await IssueEachAsync(tenantId, configuration, claims, proofs.Value, CancellationToken.None).ConfigureAwait(false);
    }

    // One credential per key. Should one fail (the claims were checked when the offer was made, so only a failure of
    // the service can), those already issued are revoked before the error is returned: no half-issued batch stays valid.
    private async Task<Result<JsonObject>> IssueEachAsync(
        string tenantId, CredentialConfiguration configuration, JsonObject claims, KeyProofSet proofs, CancellationToken cancellationToken)
    {
        var credentials = new JsonArray();
        var issued = new List<string>();
        foreach (var key in proofs.Keys)
        {
            var holder = DidJwkMethod.CreateDid(key).ToString();
            string credentialId = $"urn:uuid:{Guid.NewGuid()}";
            var document = OfferService.Credential(configuration, claims, holder);
            document["id"] = credentialId;
            var request = new JsonObject
            {
                ["credential"] = document,
                ["options"] = new JsonObject { ["format"] = configuration.IssuanceFormat },
            };
            Result<JsonObject> credential;
            try
            {
                credential = await issuance.IssueAsync(tenantId, request, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await RevokeAsync(tenantId, issued).ConfigureAwait(false);
                throw;
            }

            if (!credential.IsSuccess)
            {
                await RevokeAsync(tenantId, issued).ConfigureAwait(false);
                return credential.Error!;
            }

            issued.Add(credentialId);
            metrics.Issued(tenantId);
            credentials.Add(new JsonObject { ["credential"] = Unwrapped(credential.Value) });
        }

        return new JsonObject { ["credentials"] = credentials };
    }

    // dc+sd-jwt and jwt_vc_json are delivered as the bare token (Appendix A); ldp_vc as the JSON credential.
    private async Task RevokeAsync(string tenantId, IReadOnlyList<string> issued)
    {
        foreach (var id in issued)
        {
            await statusLists.SetStatusAsync(tenantId, id, StatusPurpose.Revocation, true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static JsonNode Unwrapped(JsonObject credential) =>
        EnvelopedCredentials.TryUnwrap(credential, EnvelopedCredentials.EnvelopedCredentialType, out _, out var token) ? token : credential;

    private static string NonceKey(string nonce) => IssuanceState.Key("nonce", nonce);
}
