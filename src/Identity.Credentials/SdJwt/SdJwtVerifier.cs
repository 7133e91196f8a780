// References: RFC 9901 (SD-JWT) §7.1 (verifying the issuer-signed JWT and disclosures) and §7.3 (verifying the Key
//   Binding JWT), https://www.rfc-editor.org/rfc/rfc9901 ; draft-ietf-oauth-sd-jwt-vc-13 §3.2-3.5 (typ, vct, iss,
//   exp/nbf, cnf), https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Primitives.Caching;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// Verifies SD-JWT VCs with itemised checks: <c>proof</c> and <c>issuerResolution</c> (the issuer JWS through the DID
/// resolver), <c>dataModel</c> (<c>typ</c>, <c>vct</c>, <c>iss</c>), <c>disclosures</c>, <c>validityPeriod</c>
/// (<c>nbf</c>/<c>exp</c>), <c>credentialStatus</c> (the <c>status</c> claim, Token Status List), and <c>keyBinding</c>, <c>challenge</c> (nonce) and <c>domain</c> (audience) when the
/// verifier asks for holder binding (it sets a challenge or domain) or a Key Binding JWT is present.
/// </summary>
/// <remarks><threadsafety>Thread-safe when the resolver is; holds only a bounded cache of immutable decoded keys.</threadsafety></remarks>
public sealed class SdJwtVerifier
{
    // Holder keys decoded from cnf.jwk, by their JWK text: validating an Ed25519 point costs about one signature
    // verification, and a wallet presents the same key many times. Weighed by that text (which the presenter chooses and
    // may pad to the size of a request), so the cache holds at most KeyCacheBytes however large the keys' JSON.
    private const long KeyCacheBytes = 4 * 1024 * 1024;
    private const int KeyBytes = 256;
    private static readonly TimeSpan s_keyCacheDuration = TimeSpan.FromHours(1);

    private readonly JwsSignerResolution _signers;
    private readonly TimeProvider _time;
    private readonly ITokenStatusChecker? _status;
    private readonly ByteBoundedCache<string, PublicKey> _holderKeys = new(KeyCacheBytes, comparer: StringComparer.Ordinal);

    /// <param name="resolver">Resolves the issuer's keys.</param>
    /// <param name="time">The clock.</param>
    /// <param name="status">Checks the <c>status</c> claim (Token Status List); without it the check is skipped with a warning.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resolver"/> or <paramref name="time"/> is null.</exception>
    public SdJwtVerifier(IDidResolver resolver, TimeProvider time, ITokenStatusChecker? status = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(time);
        _signers = new JwsSignerResolution(resolver);
        _time = time;
        _status = status;
    }

    /// <summary>How old a Key Binding JWT may be (its <c>iat</c>); 5 minutes by default.</summary>
    public TimeSpan MaxKeyBindingAge { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Verifies an SD-JWT VC (with or without Key Binding) and returns the verdict and the disclosed claims.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sdJwt"/> is null.</exception>
    public async ValueTask<SdJwtVerification> VerifyAsync(
        string sdJwt, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        var checks = System.Collections.Immutable.ImmutableArray.CreateBuilder<VerificationCheck>();
        var warnings = System.Collections.Immutable.ImmutableArray.CreateBuilder<string>();
        var context = new VerificationContext(new JsonObject(), "credential", options ?? VerificationOptions.Default, _time.GetUtcNow(), checks, warnings);
        var claims = await VerifyAsync(context, sdJwt, holderBindingRequired: false, cancellationToken).ConfigureAwait(false);
        var result = new VerificationResult(checks.ToImmutable(), warnings.ToImmutable());
        return new SdJwtVerification(result, result.Verified ? claims : null);
    }

    /// <summary>Runs the checks into <paramref name="context"/>; returns the disclosed claims when the disclosures processed.</summary>
    internal async ValueTask<JsonObject?> VerifyAsync(VerificationContext context, string sdJwt, bool holderBindingRequired, CancellationToken cancellationToken)
    {
        var token = SdJwtToken.Parse(sdJwt);
        if (!token.IsSuccess)
        {
            JwsCheck.Malformed(context, token.Error!);
            return null;
        }

        var jws = token.Value.IssuerJwt;
        if (jws.PayloadObject() is not { } payload)
        {
            JwsCheck.Malformed(context, new Error(ErrorCodes.MalformedJws, "The SD-JWT's payload is not a JSON object."));
            return null;
        }

        string? issuer = JoseEncoding.String(payload["iss"]);
        if (jws.Type is not (SdJwtVc.MediaType or SdJwtVc.LegacyMediaType) || JoseEncoding.String(payload["vct"]) is null || issuer is null)
        {
            context.Failed(CheckNames.DataModel, new Error(ErrorCodes.InvalidTokenType,
                $"An SD-JWT VC has typ {SdJwtVc.MediaType} (or {SdJwtVc.LegacyMediaType}) and string vct and iss claims."));
        }
        else
        {
            context.Passed(CheckNames.DataModel, $"{jws.Type} of type {JoseEncoding.String(payload["vct"])}");
        }

        bool signed = await JwsCheck.VerifyAsync(context, _signers, jws, issuer, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);

        var processed = SdJwtProcessor.Process(payload, token.Value.Disclosures);
        JsonObject? claims = null;
        if (processed.IsSuccess)
        {
            claims = processed.Value.Claims;
            context.Passed(CheckNames.Disclosures, $"{processed.Value.Disclosures.Count} disclosure(s), each matching one digest.");
        }
        else
        {
            context.Failed(CheckNames.Disclosures, processed.Error!);
        }

        CheckValidity(context, payload);
        if (payload["status"] is null && claims?["status"] is not null)
        {
            // SD-JWT VC §3.2.2.2: a holder could withhold a disclosed status and so hide a revocation.
            context.Failed(CheckNames.CredentialStatus, new Error(ErrorCodes.InvalidStatusEntry, "The status claim must not be selectively disclosable."));
        }
        else
        {
            await TokenStatusCheck.RunAsync(context, _status, signed, issuer, payload["status"], recordAbsent: true, cancellationToken).ConfigureAwait(false);
        }

        bool required = holderBindingRequired || context.Options.Challenge is not null || context.Options.Domain is not null;
        if (token.Value.KeyBindingJwt is null && !required)
        {
            context.Skipped(CheckNames.KeyBinding, "The verifier asked for no holder binding and the SD-JWT carries no Key Binding JWT.");
            if (payload["cnf"] is not null)
            {
                context.Warn("the SD-JWT binds a holder key (cnf) but was presented without Key Binding; anyone holding it can present it.");
            }
        }
        else
        {
            CheckKeyBinding(context, token.Value, payload);
        }

        return claims;
    }

    private static void CheckValidity(VerificationContext context, JsonObject payload)
    {
        var skew = context.Options.ClockSkew;
        long now = context.Now.ToUnixTimeSeconds();
        long? nbf = JoseEncoding.NumericDate(payload["nbf"]);
        long? exp = JoseEncoding.NumericDate(payload["exp"]);
        if ((payload["nbf"] is not null && nbf is null) || (payload["exp"] is not null && exp is null))
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(ErrorCodes.DataModelViolation, "nbf and exp must be NumericDate numbers."));
        }
        else if (nbf is { } from && from - (long)skew.TotalSeconds > now)
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(ErrorCodes.CredentialNotYetValid, $"The credential is valid from {DateTimeOffset.FromUnixTimeSeconds(from):O}."));
        }
        else if (exp is { } until && until + (long)skew.TotalSeconds < now)
        {
            context.Failed(CheckNames.ValidityPeriod, new Error(ErrorCodes.CredentialExpired, $"The credential expired at {DateTimeOffset.FromUnixTimeSeconds(until):O}."));
        }
        else
        {
            context.Passed(CheckNames.ValidityPeriod, nbf is null && exp is null ? "The credential states no validity period." : null);
        }
    }

    private void CheckKeyBinding(VerificationContext context, SdJwtToken token, JsonObject payload)
    {
        if (token.KeyBindingJwt is null)
        {
            context.Failed(CheckNames.KeyBinding, new Error(ErrorCodes.KeyBindingRequired, "The verifier asked for holder binding, but the SD-JWT has no Key Binding JWT."));
            return;
        }

        if ((payload["cnf"] as JsonObject)?["jwk"] is not JsonObject jwk)
        {
            context.Failed(CheckNames.KeyBinding, new Error(ErrorCodes.KeyBindingRequired, "The SD-JWT carries a Key Binding JWT but its payload has no cnf.jwk holder key."));
            return;
        }

        var key = HolderKey(jwk.ToJsonString());
        var kb = CompactJws.Parse(token.KeyBindingJwt);
        if (!key.IsSuccess || !kb.IsSuccess)
        {
            context.Failed(CheckNames.KeyBinding, key.IsSuccess ? kb.Error! : key.Error!);
            return;
        }

        var claims = kb.Value.PayloadObject();
        long? iat = JoseEncoding.NumericDate(claims?["iat"]);
        long now = context.Now.ToUnixTimeSeconds();
        var hash = SdHashAlgorithm.FromClaim(payload["_sd_alg"]);
        Error? error =
            kb.Value.Type != SdJwtVc.KeyBindingType || claims is null ? Mismatch($"its typ must be {SdJwtVc.KeyBindingType} and its payload a JSON object")
            : JwsAlgorithms.Verify(kb.Value, key.Value) is { IsSuccess: false } bad ? bad.Error
            : !hash.IsSuccess ? hash.Error
            : JoseEncoding.String(claims["sd_hash"]) != hash.Value.Digest(token.WithoutKeyBinding) ? Mismatch("its sd_hash does not cover the presented SD-JWT and disclosures")
            : iat is null ? Mismatch("it has no iat")
            : iat.Value - (long)context.Options.ClockSkew.TotalSeconds > now ? Mismatch("its iat lies in the future")
            : iat.Value + (long)(MaxKeyBindingAge + context.Options.ClockSkew).TotalSeconds < now ? Mismatch($"it is older than {MaxKeyBindingAge.TotalMinutes} minutes")
            : null;
        if (error is not null)
        {
            context.Failed(CheckNames.KeyBinding, error);
            return;
        }

        context.Passed(CheckNames.KeyBinding, $"Key Binding JWT by the holder's {key.Value.KeyType} key");
        ChallengeBinding.Record(
            context, [JoseEncoding.String(claims!["nonce"]) is { } nonce ? [nonce] : []], "the Key Binding JWT's nonce", missingCode: ErrorCodes.ChallengeMismatch);
        CheckExpected(context, CheckNames.Domain, context.ExpectedDomain, JoseEncoding.String(claims["aud"]), ErrorCodes.DomainMismatch, "aud");
    }

    private Result<PublicKey> HolderKey(string jwkJson)
    {
        var now = _time.GetUtcNow();
        if (_holderKeys.TryGet(jwkJson, now, out var cached))
        {
            return cached;
        }

        var key = JwkConverter.FromJson(jwkJson);
        if (key.IsSuccess)
        {
            _holderKeys.Set(jwkJson, key.Value, (2L * jwkJson.Length) + KeyBytes, now + s_keyCacheDuration);
        }

        return key;
    }

    private static void CheckExpected(VerificationContext context, string check, string? expected, string? actual, string code, string claim)
    {
        if (expected is null)
        {
            context.Skipped(check, $"The verifier set no expected {claim}.");
        }
        else if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            context.Passed(check);
        }
        else
        {
            context.Failed(check, new Error(code, $"The Key Binding JWT's {claim} is not the one the verifier expects."));
        }
    }

    private static Error Mismatch(string detail) => new(ErrorCodes.KeyBindingMismatch, $"The Key Binding JWT does not bind this presentation: {detail}.");
}

/// <summary>An SD-JWT verdict and, when verified, the claims it disclosed (with <c>_sd</c> and <c>_sd_alg</c> removed).</summary>
public sealed record SdJwtVerification(VerificationResult Result, JsonObject? Claims);
