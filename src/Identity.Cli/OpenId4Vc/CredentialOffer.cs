// References: OpenID for Verifiable Credential Issuance 1.0 (final, 2025-09-16) §4.1 (Credential Offer: credential_issuer,
//   credential_configuration_ids, grants, the pre-authorized code grant and tx_code) and §4.1.3 (credential_offer_uri),
//   https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>A credential offer the wallet can act on: its issuer, what it offers, and its pre-authorized code grant.</summary>
internal sealed record CredentialOffer(Uri CredentialIssuer, IReadOnlyList<string> ConfigurationIds, string PreAuthorizedCode, TxCodeRequest? TxCode)
{
    public const string PreAuthorizedGrant = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

    /// <summary>Reads the offer in <paramref name="link"/>, by value (<c>credential_offer</c>) or by reference (<c>credential_offer_uri</c>).</summary>
    public static async Task<CredentialOffer> ResolveAsync(string link, OpenIdHttp http, CancellationToken ct)
    {
        var query = QueryParameters.Parse(link, "credential offer", ErrorCodes.OfferInvalid);
        JsonObject? offer;
        if (query.TryGetValue("credential_offer", out var byValue) && !query.ContainsKey("credential_offer_uri"))
        {
            offer = ParseObject(byValue);
        }
        else if (query.TryGetValue("credential_offer_uri", out var byReference) && !query.ContainsKey("credential_offer"))
        {
            var answer = await http.GetAsync(http.Check(byReference, "credential_offer_uri", ErrorCodes.OfferInvalid), "application/json", ct).ConfigureAwait(false);
            offer = answer.IsSuccess ? answer.Json() : throw new CliException(ErrorCodes.OfferInvalid, $"The credential_offer_uri answered {answer.OAuthError()}; the offer may have expired or been used.");
        }
        else
        {
            throw new CliException(ErrorCodes.OfferInvalid, "A credential offer link has exactly one of credential_offer and credential_offer_uri.");
        }

        return From(offer ?? throw new CliException(ErrorCodes.OfferInvalid, "The credential offer is not a JSON object."), http);
    }

    private static CredentialOffer From(JsonObject offer, OpenIdHttp http)
    {
        var issuer = http.Check(Text(offer["credential_issuer"]), "offer's credential_issuer", ErrorCodes.OfferInvalid);
        if (!string.IsNullOrEmpty(issuer.Query))
        {
            throw new CliException(ErrorCodes.OfferInvalid, "A Credential Issuer Identifier has no query component.");
        }

        var ids = (offer["credential_configuration_ids"] as JsonArray)?.Select(Text).ToList();
        if (ids is null || ids.Count == 0 || ids.Any(id => string.IsNullOrEmpty(id)))
        {
            throw new CliException(ErrorCodes.OfferInvalid, "The offer's credential_configuration_ids is not a non-empty array of strings.");
        }

        if ((offer["grants"] as JsonObject)?[PreAuthorizedGrant] is not JsonObject grant || Text(grant["pre-authorized_code"]) is not { Length: > 0 } code)
        {
            throw new CliException(ErrorCodes.OfferInvalid,
                "The offer has no pre-authorized code grant; this wallet does not run the authorization-code flow (it needs a browser redirect).");
        }

        TxCodeRequest? txCode = null;
        if (grant["tx_code"] is JsonObject tx)
        {
            txCode = new TxCodeRequest(Text(tx["input_mode"]) ?? "numeric", tx["length"] is JsonValue l && l.TryGetValue<int>(out var n) ? n : null, Text(tx["description"]));
        }

        return new CredentialOffer(issuer, ids!, code, txCode);
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>The offer's <c>tx_code</c>: a code the issuer sent the holder by another channel, to be typed in.</summary>
internal sealed record TxCodeRequest(string InputMode, int? Length, string? Description);
