// References: OpenID4VCI 1.0 §4.1 (credential offer: credential_issuer, credential_configuration_ids, grants with
//   pre-authorized_code and tx_code {input_mode, length, description}), §4.1.3 (credential_offer_uri), §3.5
//   (pre-authorized code flow), https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Validation;
using Identity.JsonLd;
using Identity.Primitives;
using Identity.Server.Http;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// Creates a tenant's credential offers: a single-use pre-authorized code (with an optional 6-digit transaction code,
/// returned once and stored only as a hash) bound to one configuration and the claims the hospital attests, and the
/// offer document a wallet fetches by reference. Both expire after <see cref="Oid4VciOptions.OfferLifetime"/>.
/// </summary>
internal sealed class OfferService(IssuanceState state, IssuerMetadata metadata, Oid4VciOptions options, JsonLdProcessor jsonLd, Configuration.ServerSettings settings)
{
    public const int TxCodeLength = 6;
    private const int MaxClaims = 64;

    /// <summary>Creates an offer from <c>{"credential_configuration_id", "claims", "tx_code"}</c>.</summary>
    public async Task<Result<JsonObject>> CreateAsync(string tenantId, JsonObject request, CancellationToken cancellationToken)
    {
        if (JsonText.String(request["credential_configuration_id"]) is not { } configurationId)
        {
            return new Error(ErrorCodes.InvalidRequest, "The body must be {\"credential_configuration_id\": \"...\", \"claims\": {...}, \"tx_code\": true|false}.");
        }

        if (!CredentialConfiguration.All.TryGetValue(configurationId, out var configuration))
        {
            return new Error(ErrorCodes.UnknownCredentialConfiguration,
                $"'{configurationId}' is not a credential configuration of this issuer; see credential_configurations_supported in its metadata.");
        }

        if (request["tx_code"] is { } txNode && txNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return new Error(ErrorCodes.InvalidRequest, "tx_code must be true or false.");
        }

        var claims = CheckClaims(configuration, request["claims"]);
        if (!claims.IsSuccess)
        {
            return claims.Error!;
        }

        string? txCode = request["tx_code"]?.GetValue<bool>() == true
            ? RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture)
            : null;
        string code = IssuanceState.NewSecret();
        string offerId = IssuanceState.NewSecret();
        var grant = new JsonObject { ["pre-authorized_code"] = code };
        if (txCode is not null)
        {
            grant["tx_code"] = new JsonObject
            {
                ["input_mode"] = "numeric",
                ["length"] = TxCodeLength,
                ["description"] = "The code the hospital gave you with this offer",
            };
        }

        var offer = new JsonObject
        {
            ["credential_issuer"] = metadata.IssuerId(tenantId),
            ["credential_configuration_ids"] = new JsonArray(configuration.Id),
            ["grants"] = new JsonObject { [PreAuthorizedCodeGrant.GrantType] = grant },
        };
        var grantPayload = new JsonObject { ["configuration"] = configuration.Id, ["claims"] = claims.Value.DeepClone() };
        if (txCode is not null)
        {
            grantPayload["txCodeHash"] = PreAuthorizedCodeGrant.HashTxCode(txCode);
        }

        foreach (var (key, payload) in new[] { (IssuanceState.Key("code", code), grantPayload), (IssuanceState.Key("offer", offerId), new JsonObject { ["offer"] = offer.DeepClone() }) })
        {
            var stored = await state.PutAsync(tenantId, key, payload, options.OfferLifetime, cancellationToken).ConfigureAwait(false);
            if (!stored.IsSuccess)
            {
                return stored.Error!;
            }
        }

        var result = new JsonObject
        {
            ["offer_uri"] = "openid-credential-offer://?credential_offer_uri=" + Uri.EscapeDataString(metadata.OfferUri(tenantId, offerId)),
            ["credential_offer"] = offer,
        };
        if (txCode is not null)
        {
            result["tx_code"] = txCode;
        }

        return result;
    }

    /// <summary>The offer document behind a <c>credential_offer_uri</c>, while its pre-authorized code is still redeemable.</summary>
    public async Task<Result<JsonObject>> GetAsync(string tenantId, string offerId, CancellationToken cancellationToken)
    {
        var found = await state.FindAsync(tenantId, IssuanceState.Key("offer", offerId), cancellationToken).ConfigureAwait(false);
        if (found?.Payload["offer"] is JsonObject offer
            && JsonText.String(offer["grants"]?[PreAuthorizedCodeGrant.GrantType]?["pre-authorized_code"]) is { } code
            && await state.FindAsync(tenantId, IssuanceState.Key("code", code), cancellationToken).ConfigureAwait(false) is not null)
        {
            return offer;
        }

        return new Error(ErrorCodes.NotFound, "There is no such offer: it never existed, expired, or was redeemed.");
    }

    /// <summary>The credential a configuration issues for <paramref name="holder"/> (a DID naming the proof key) with the offer's claims.</summary>
    public static JsonObject Credential(CredentialConfiguration configuration, JsonObject claims, string holder)
    {
        var subject = new JsonObject { ["id"] = holder };
        foreach (var (name, value) in claims)
        {
            subject[name] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["@context"] = new JsonArray([.. configuration.Contexts.Select(c => (JsonNode)c)]),
            ["type"] = new JsonArray("VerifiableCredential", configuration.Type),
            ["credentialSubject"] = subject,
        };
    }

    // The claims are checked as the credential they will become (with a stand-in holder), so a credential request never
    // fails on them after its token and nonce are spent.
    private Result<JsonObject> CheckClaims(CredentialConfiguration configuration, JsonNode? node)
    {
        if (node is not JsonObject claims || claims.Count is 0 or > MaxClaims)
        {
            return new Error(ErrorCodes.InvalidRequest, $"claims must be a JSON object with 1 to {MaxClaims} subject claims.");
        }

        if (claims.Any(c => c.Key == "id" || c.Key.StartsWith('@')))
        {
            return new Error(ErrorCodes.InvalidRequest, "claims must not carry id or @-keywords: the subject id is the wallet's key, bound from its proof.");
        }

        var sample = Credential(configuration, claims, "did:example:holder");
        sample["issuer"] = "did:example:issuer";
        var violations = DataModelValidator.ValidateCredential(sample, jsonLd, settings.NewWorkBudget());
        return violations.Count == 0 ? claims : violations[0];
    }
}
