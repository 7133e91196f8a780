// References: W3C VC-API (verify; EnvelopedVerifiableCredential / EnvelopedVerifiablePresentation bodies),
//   https://w3c-ccg.github.io/vc-api/#verify-credential ; W3C VC-JOSE-COSE, https://www.w3.org/TR/vc-jose-cose/
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Identity.Server.Audit;
using Identity.Server.Http;
using Identity.Storage;

namespace Identity.Server.Credentials;

/// <summary>
/// The verify endpoints' JOSE branch: a credential or presentation sent as a compact token string (vc+jwt, vp+jwt,
/// JWT-VC, SD-JWT VC) or as an enveloped object with a <c>data:</c> URL. Same options, same single-use challenges,
/// same itemised verdict and audit entry as the Data Integrity path.
/// </summary>
internal sealed class JoseVerificationService(
    JoseCredentialVerifier verifier, AuditWriter audit, TimeProvider time, Configuration.ServerSettings settings)
{
    /// <summary>
    /// True when <paramref name="node"/> is a token string (three or five dot-separated base64url parts, or an SD-JWT
    /// with <c>~</c>) or an enveloped credential/presentation. Any other string is not a credential at all
    /// (400 <c>invalidRequest</c>), whatever its dots.
    /// </summary>
    public static bool Accepts(JsonNode? node) =>
        JsonText.String(node) is { } text && (CompactJws.IsTokenShaped(text) || SdJwtToken.IsSdJwt(text))
        || EnvelopedCredentials.TryUnwrap(node, EnvelopedCredentials.EnvelopedCredentialType, out _, out _)
        || EnvelopedCredentials.TryUnwrap(node, EnvelopedCredentials.EnvelopedPresentationType, out _, out _);

    public async Task<Result<VerificationResult>> VerifyCredentialAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var token = Token(request["verifiableCredential"], EnvelopedCredentials.EnvelopedCredentialType);
        if (!token.IsSuccess)
        {
            return token.Error!;
        }

        var options = VerificationService.ReadOptions(request, settings.VerifierPolicy);
        if (!options.IsSuccess)
        {
            return options.Error!;
        }

        var result = await verifier.VerifyCredentialAsync(token.Value, options.Value.Options, cancellationToken).ConfigureAwait(false);
        await RecordAsync("credential.verified", result, cancellationToken).ConfigureAwait(false);
        return result with { Policy = options.Value.Options.Policy };
    }

    public async Task<Result<VerificationResult>> VerifyPresentationAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var token = Token(request["verifiablePresentation"], EnvelopedCredentials.EnvelopedPresentationType);
        if (!token.IsSuccess)
        {
            return token.Error!;
        }

        var read = VerificationService.ReadOptions(request, settings.VerifierPolicy);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        var result = await verifier.VerifyPresentationAsync(token.Value, read.Value.Options, cancellationToken).ConfigureAwait(false);
        await RecordAsync("presentation.verified", result, cancellationToken).ConfigureAwait(false);
        return result with { Policy = read.Value.Options.Policy };
    }

    private static Result<string> Token(JsonNode? node, string envelopeType)
    {
        if (JsonText.String(node) is { } text)
        {
            return text;
        }

        if (EnvelopedCredentials.TryUnwrap(node, envelopeType, out var mediaType, out var token)
            && mediaType is EnvelopedCredentials.VcJwtMediaType or EnvelopedCredentials.VpJwtMediaType
                or EnvelopedCredentials.SdJwtMediaType or EnvelopedCredentials.LegacySdJwtMediaType)
        {
            return token;
        }

        return new Error(ErrorCodes.InvalidRequest,
            $"An enveloped credential or presentation must be an {envelopeType} whose id is data:application/vc+jwt, vp+jwt or dc+sd-jwt,<token>.");
    }

    // The subject is not recorded: a token's claims may be personal data, and the audit log holds none.
    private Task RecordAsync(string action, VerificationResult result, CancellationToken cancellationToken)
    {
        var outcome = result.Verified ? "verified" : "failed:" + result.Errors[0].Code;
        return audit.EnqueueAsync(new AuditEntry(time.GetUtcNow(), null, action, "jose", outcome), cancellationToken).AsTask();
    }
}
