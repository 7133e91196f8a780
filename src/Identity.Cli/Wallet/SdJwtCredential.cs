// References: RFC 9901 (SD-JWT) §4 formats, https://www.rfc-editor.org/rfc/rfc9901 ; draft-ietf-oauth-sd-jwt-vc-13 §3.2
//   (typ, vct, iss, sub, nbf/exp, cnf), https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Commands;
using Identity.Cli.Infrastructure;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Cli.Wallet;

/// <summary>
/// An SD-JWT VC as the wallet holds it: the issuer-signed token with every disclosure it was issued with (ending in
/// <c>~</c>, no Key Binding), its visible payload, and the claim paths the holder may choose to disclose.
/// </summary>
internal sealed record SdJwtCredential(string Token, string Format, JsonObject Payload, IReadOnlyList<string> DisclosablePaths)
{
    /// <summary>
    /// Finds an SD-JWT VC in what <c>wallet receive</c> was given: an <c>EnvelopedVerifiableCredential</c> whose
    /// <c>data:</c> URL has an SD-JWT media type, or the raw compact token. False for anything else (a JSON credential).
    /// </summary>
    public static bool TryFind(string text, string file, out string token)
    {
        token = string.Empty;
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{'))
        {
            token = trimmed;
            return SdJwtToken.IsSdJwt(trimmed);
        }

        var json = CliContext.ParseJsonObject(trimmed, file, "credential");
        if (!EnvelopedCredentials.TryUnwrap(json, EnvelopedCredentials.EnvelopedCredentialType, out var mediaType, out var enveloped))
        {
            return false;
        }

        if (mediaType is not (EnvelopedCredentials.SdJwtMediaType or EnvelopedCredentials.LegacySdJwtMediaType))
        {
            throw new CliException(ErrorCodes.InvalidRequest,
                $"The wallet holds Data Integrity credentials and SD-JWT VCs; an enveloped {mediaType} credential is not supported.");
        }

        token = enveloped;
        return true;
    }

    /// <summary>Reads an issued SD-JWT VC; its signatures are not checked here.</summary>
    /// <returns>The credential, or the token's structural error, <c>invalidTokenType</c>, or <c>invalidRequest</c> for a presentation.</returns>
    public static Result<SdJwtCredential> Parse(string token)
    {
        var parsed = SdJwtToken.Parse(token);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        if (parsed.Value.KeyBindingJwt is not null)
        {
            return new Error(ErrorCodes.InvalidRequest, "This SD-JWT ends in a Key Binding JWT: it is a presentation made for a verifier, not a credential to keep.");
        }

        var type = parsed.Value.IssuerJwt.Type;
        if (type is not (SdJwtVc.MediaType or SdJwtVc.LegacyMediaType) || parsed.Value.IssuerJwt.PayloadObject() is not { } payload)
        {
            return new Error(ErrorCodes.InvalidTokenType, $"An SD-JWT VC has typ {SdJwtVc.MediaType} (or {SdJwtVc.LegacyMediaType}) and a JSON object payload.");
        }

        return SdJwtWallet.DisclosablePaths(token).Map(paths => new SdJwtCredential(token, type, payload, paths));
    }

    /// <summary>The issuer's <c>jti</c>, the id the wallet files it under when there is one.</summary>
    public string? Id => Text(Payload["jti"]);

    /// <summary>The <c>sub</c> claim: the subject's DID when the issuer named one.</summary>
    public string? Subject => Text(Payload["sub"]);

    /// <summary>The holder key bound by <c>cnf.jwk</c>: null when there is none, else the key or its JWK error.</summary>
    public Result<PublicKey>? HolderKey() =>
        (Payload["cnf"] as JsonObject)?["jwk"] is JsonObject jwk ? JwkConverter.FromJson(jwk.ToJsonString()) : (Result<PublicKey>?)null;

    /// <summary>The wallet key that <c>cnf</c> binds, or null when it binds none of them (or nothing).</summary>
    public WalletKey? WalletKey(WalletData data) =>
        HolderKey() is { IsSuccess: true } bound
            ? data.Keys.FirstOrDefault(k => Multikey.DecodePublicKey(k.PublicKeyMultibase) is { IsSuccess: true } mine && mine.Value.Equals(bound.Value))
            : null;

    /// <summary>The fields <c>wallet list</c> shows: vct, iss, nbf/exp, whether a status claim is present, sub.</summary>
    public CredentialSummary Summary()
    {
        var from = Date(Payload["nbf"]);
        var until = Date(Payload["exp"]);
        var validity = (from, until) switch
        {
            (null, null) => "always",
            (_, null) => $"from {from}",
            (null, _) => $"until {until}",
            _ => $"{from} to {until}",
        };
        return new CredentialSummary(
            Text(Payload["vct"]) ?? "?", Text(Payload["iss"]) ?? "?", validity, Payload["status"] is null ? "none" : "status claim",
            Subject is { } sub ? [sub] : []);
    }

    private static string? Date(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var seconds) && seconds is > -62135596800 and < 253402300800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
