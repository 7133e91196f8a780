// References: OpenID4VCI 1.0 §6 (token endpoint: pre-authorized_code, tx_code; §6.3 errors: invalid_request when tx_code
//   is missing, invalid_grant when it is wrong or the code is expired or used) and §3.5, Appendix (the legacy user_pin
//   is not a parameter of 1.0 and is ignored); RFC 6749 §5.1 (token response); RFC 9449 §5 (DPoP-bound tokens,
//   token_type DPoP), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// The token endpoint's one grant: a pre-authorized code (with its transaction code when the offer has one) is
/// redeemed once for an access token, DPoP-bound when the wallet sends a DPoP proof (required by the tenant's policy,
/// <c>IDENTITY_OID4VCI_REQUIRE_DPOP</c>). Wrong transaction codes are counted before they are judged, so at most
/// <see cref="Oid4VciOptions.TxCodeTries"/> are ever tried against one code, then it is locked.
/// </summary>
internal sealed class PreAuthorizedCodeGrant(IssuanceState state, DpopProofs dpop, IssuerMetadata metadata, Oid4VciOptions options)
{
    public const string GrantType = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    /// <summary>The stored form of a transaction code (it lives only inside the sealed grant payload).</summary>
    public static string HashTxCode(string txCode) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("oid4vci-tx-code\n" + txCode)));

    public async Task<Result<JsonObject>> RedeemAsync(string tenantId, HttpRequest request, IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken)
    {
        if (!form.TryGetValue("grant_type", out var grantType))
        {
            return new Error(ErrorCodes.InvalidRequest, "The token request has no grant_type.");
        }

        if (grantType != GrantType)
        {
            return new Error(ErrorCodes.UnsupportedGrantType, $"This issuer serves only the grant type {GrantType}.");
        }

        string? jkt = null;
        if (DpopProofs.IsPresent(request) || options.RequiresDpop(tenantId))
        {
            var proof = await dpop.CheckAsync(request, metadata.TokenEndpoint(tenantId), accessToken: null, cancellationToken).ConfigureAwait(false);
            if (!proof.IsSuccess)
            {
                return proof.Error!;
            }

            jkt = proof.Value;
        }

        if (!form.TryGetValue("pre-authorized_code", out var code) || code.Length is 0 or > 256)
        {
            return new Error(ErrorCodes.InvalidRequest, "The token request has no pre-authorized_code.");
        }

        string codeKey = IssuanceState.Key("code", code);
        var grant = await state.FindAsync(tenantId, codeKey, cancellationToken).ConfigureAwait(false);
        if (grant is null)
        {
            return Refused();
        }

        if (JsonText(grant.Value.Payload["txCodeHash"]) is { } expected)
        {
            if (!form.TryGetValue("tx_code", out var txCode) || txCode.Length == 0)
            {
                return new Error(ErrorCodes.InvalidRequest, "This offer has a transaction code: send it as tx_code.");
            }

            var counted = await state.CountAttemptAsync(codeKey, options.TxCodeTries, cancellationToken).ConfigureAwait(false);
            if (counted is null)
            {
                return Refused();
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashTxCode(txCode)), Encoding.ASCII.GetBytes(expected)))
            {
                int left = options.TxCodeTries - counted.Value;
                return new Error(ErrorCodes.InvalidGrant, left > 0
                    ? $"The transaction code is wrong; {left} more {(left == 1 ? "try" : "tries")} before this offer is locked."
                    : "The transaction code is wrong, and this offer is now locked; ask the hospital for a new one.");
            }
        }

        // The consume is the single-use step: of two wallets racing with one code, only one gets past it.
        if (await state.ConsumeAsync(tenantId, codeKey, cancellationToken).ConfigureAwait(false) is not { } redeemed)
        {
            return Refused();
        }

        string accessToken = IssuanceState.NewSecret();
        var token = new JsonObject { ["configuration"] = redeemed["configuration"]?.DeepClone(), ["claims"] = redeemed["claims"]?.DeepClone() };
        if (jkt is not null)
        {
            token["jkt"] = jkt;
        }

        var stored = await state.PutAsync(tenantId, IssuanceState.Key("token", accessToken), token, options.TokenLifetime, cancellationToken).ConfigureAwait(false);
        if (!stored.IsSuccess)
        {
            return stored.Error!;
        }

        return new JsonObject
        {
            ["access_token"] = accessToken,
            ["token_type"] = jkt is null ? "Bearer" : "DPoP",
            ["expires_in"] = (int)options.TokenLifetime.TotalSeconds,
        };
    }

    private static string? JsonText(JsonNode? node) => Http.JsonText.String(node);

    private static Error Refused() =>
        new(ErrorCodes.InvalidGrant, "The pre-authorized code is unknown, expired, already redeemed, or locked after too many wrong transaction codes.");
}
