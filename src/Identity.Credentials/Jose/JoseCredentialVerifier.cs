// References: W3C Securing Verifiable Credentials using JOSE and COSE (Recommendation, 15 May 2025), §3.1 (vc+jwt,
//   vp+jwt) and §6 (verifying), https://www.w3.org/TR/vc-jose-cose/ ; W3C VC Data Model v1.1 §6.3.1 JSON Web Token
//   (JWT-VC: iss, sub, nbf, exp, jti, nonce, aud and the vc / vp claims), https://www.w3.org/TR/vc-data-model-1.1/#json-web-token
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Credentials.Schemas;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Status;
using Identity.Credentials.Verification;
using Identity.Credentials.Verification.Steps;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

/// <summary>
/// Verifies JOSE-secured credentials and presentations with the same itemised checks as the Data Integrity path:
/// VC-JOSE-COSE <c>vc+jwt</c> / <c>vp+jwt</c> (with enveloped credentials inside presentations), JWT-VC 1.1
/// (<c>vc</c> / <c>vp</c> claims), and SD-JWT VC (see <see cref="SdJwtVerifier"/>). The JWS replaces the Data
/// Integrity proof; data model, validity, schema and status checks run on the secured payload.
/// </summary>
/// <remarks><threadsafety>Thread-safe when its services are.</threadsafety></remarks>
public sealed partial class JoseCredentialVerifier
{
    /// <summary>The <c>typ</c> of VC-JOSE-COSE credentials and presentations.</summary>
    public const string VcJwtType = "vc+jwt";
    public const string VpJwtType = "vp+jwt";

    private readonly JwsSignerResolution _signers;
    private readonly SdJwtVerifier _sdJwt;
    private readonly TimeProvider _time;
    private readonly ImmutableArray<IVerificationStep> _payloadSteps;
    private readonly ITokenStatusChecker? _tokenStatus;

    /// <param name="resolver">Resolves issuers' and holders' keys.</param>
    /// <param name="time">The clock.</param>
    /// <param name="schemas">Checks <c>credentialSchema</c>.</param>
    /// <param name="status">Checks <c>credentialStatus</c> entries (Bitstring Status List) of vc+jwt and JWT-VC payloads.</param>
    /// <param name="tokenStatus">Checks the <c>status</c> claim (Token Status List) of every JOSE credential.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resolver"/> or <paramref name="time"/> is null.</exception>
    public JoseCredentialVerifier(
        IDidResolver resolver, TimeProvider time, CredentialSchemaRegistry? schemas = null, ICredentialStatusChecker? status = null,
        ITokenStatusChecker? tokenStatus = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(time);
        _signers = new JwsSignerResolution(resolver);
        _sdJwt = new SdJwtVerifier(resolver, time, tokenStatus);
        _tokenStatus = tokenStatus;
        _time = time;
        _payloadSteps =
        [
            new ValidateDataModel(presentation: false),
            new CheckValidityPeriod(),
            new ValidateCredentialSchema(schemas),
            new CheckCredentialStatus(status),
        ];
    }

    /// <summary>The ledger of the challenges this service issued: a presentation spends the nonce it carries (see
    /// <see cref="CredentialVerifier.Challenges"/>). Null: nonces are checked for equality only.</summary>
    public IChallengeLedger? Challenges { get; init; }

    /// <summary>The longest token accepted, in characters (default <see cref="CompactJws.DefaultMaxLength"/>).</summary>
    public int MaxTokenLength { get; init; } = CompactJws.DefaultMaxLength;

    /// <summary>Verifies a <c>vc+jwt</c>, a JWT-VC 1.1 or an SD-JWT VC (told apart by a <c>~</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public async ValueTask<VerificationResult> VerifyCredentialAsync(string token, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var (context, checks, warnings) = NewContext("credential", options);
        await VerifyCredentialAsync(context, token, mediaType: null, holderBindingRequired: false, cancellationToken).ConfigureAwait(false);
        return new VerificationResult(checks.ToImmutable(), warnings.ToImmutable());
    }

    /// <summary>
    /// Verifies a <c>vp+jwt</c>, a JWT-VP 1.1, or an SD-JWT with Key Binding presented directly; the verifier's
    /// challenge and domain are checked against <c>nonce</c> and <c>aud</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public async ValueTask<VerificationResult> VerifyPresentationAsync(string token, VerificationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var (context, checks, warnings) = NewContext("presentation", options);
        await ChallengeBinding.ConsumeAsync(context, BoundNonce(token) is { } nonce ? [nonce] : [], cancellationToken).ConfigureAwait(false);
        if (SdJwtToken.IsSdJwt(token))
        {
            await _sdJwt.VerifyAsync(context, token, holderBindingRequired: true, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await VerifyJwtPresentationAsync(context, token, cancellationToken).ConfigureAwait(false);
        }

        return new VerificationResult(checks.ToImmutable(), warnings.ToImmutable()) { FreshChallenge = context.FreshChallenge };
    }

    // The nonce a presentation token is bound to, read before anything is verified so that it is spent in any case:
    // the Key Binding JWT's for an SD-JWT, else the JWS payload's.
    private string? BoundNonce(string token)
    {
        string? jwt = token;
        if (SdJwtToken.IsSdJwt(token))
        {
            var sdJwt = SdJwtToken.Parse(token, MaxTokenLength);
            jwt = sdJwt.IsSuccess ? sdJwt.Value.KeyBindingJwt : null;
        }

        var jws = jwt is null ? default : CompactJws.Parse(jwt, MaxTokenLength);
        return jwt is not null && jws.IsSuccess ? JoseEncoding.String(jws.Value.PayloadObject()?["nonce"]) : null;
    }

    private (VerificationContext Context, ImmutableArray<VerificationCheck>.Builder Checks, ImmutableArray<string>.Builder Warnings) NewContext(string target, VerificationOptions? options)
    {
        var checks = ImmutableArray.CreateBuilder<VerificationCheck>();
        var warnings = ImmutableArray.CreateBuilder<string>();
        var context = new VerificationContext([], target, options ?? VerificationOptions.Default, _time.GetUtcNow(), checks, warnings) { Ledger = Challenges };
        return (context, checks, warnings);
    }

    // Records every check of one credential into `context`; returns its subject ids when its data model parsed.
    private async ValueTask<ImmutableArray<string?>?> VerifyCredentialAsync(
        VerificationContext context, string token, string? mediaType, bool holderBindingRequired, CancellationToken cancellationToken)
    {
        if (mediaType is EnvelopedCredentials.SdJwtMediaType or EnvelopedCredentials.LegacySdJwtMediaType || (mediaType is null && SdJwtToken.IsSdJwt(token)))
        {
            var claims = await _sdJwt.VerifyAsync(context, token, holderBindingRequired, cancellationToken).ConfigureAwait(false);
            return JoseEncoding.String(claims?["sub"]) is { } sub ? [sub] : [];
        }

        var jws = CompactJws.Parse(token, MaxTokenLength);
        if (!jws.IsSuccess)
        {
            JwsCheck.Malformed(context, jws.Error!);
            return null;
        }

        if (jws.Value.PayloadObject() is not { } payload)
        {
            JwsCheck.Malformed(context, new Error(ErrorCodes.MalformedJws, "The JWS payload is not a JSON object."));
            return null;
        }

        JsonObject credential;
        if (jws.Value.Type == VcJwtType && mediaType is null or EnvelopedCredentials.VcJwtMediaType)
        {
            credential = payload;
        }
        else if (jws.Value.Type is null or "JWT" && mediaType is null && payload["vc"] is JsonObject)
        {
            var converted = FromJwtVc(payload);
            if (!converted.IsSuccess)
            {
                context.Failed(CheckNames.DataModel, converted.Error!);
                return null;
            }

            credential = converted.Value;
        }
        else
        {
            context.Failed(CheckNames.DataModel, new Error(ErrorCodes.InvalidTokenType,
                $"A credential JWS must have typ {VcJwtType} (VC-JOSE-COSE), or be a JWT-VC with a vc claim; this one has typ '{jws.Value.Type}'."));
            return null;
        }

        string? issuer = IssuerOf(credential);
        CheckPolicy.CheckIssuer(context, issuer);
        bool signed = await JwsCheck.VerifyAsync(context, _signers, jws.Value, issuer, VerificationRelationship.AssertionMethod, cancellationToken).ConfigureAwait(false);

        // The status claim is a JWT claim beside the credential's members, not a VC term: the data model sees the rest.
        var statusClaim = payload["status"];
        if (ReferenceEquals(credential, payload) && statusClaim is not null)
        {
            credential = (JsonObject)payload.DeepClone();
            credential.Remove("status");
        }

        var payloadContext = context.ForEmbedded(credential, context.Target);
        await CredentialVerifier.RunAsync(_payloadSteps, payloadContext, cancellationToken).ConfigureAwait(false);
        await TokenStatusCheck.RunAsync(payloadContext, _tokenStatus, signed, issuer, statusClaim, recordAbsent: false, cancellationToken).ConfigureAwait(false);
        return payloadContext.Credential?.SubjectIds;
    }

    private static string? IssuerOf(JsonObject credential) =>
        JoseEncoding.String(credential["issuer"]) ?? JoseEncoding.String((credential["issuer"] as JsonObject)?["id"]);
}
