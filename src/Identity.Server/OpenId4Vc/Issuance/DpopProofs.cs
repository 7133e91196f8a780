// References: RFC 9449 OAuth 2.0 Demonstrating Proof of Possession (DPoP), September 2023: §4.2 (proof syntax: typ,
//   alg, jwk, jti, htm, htu, iat, ath), §4.3 (checking a proof), §6.1 (jkt binding), §7.1 (resource requests) and §11.1
//   (replay), https://www.rfc-editor.org/rfc/rfc9449
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Identity.Primitives;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// Checks the <c>DPoP</c> header of a request: one proof, <c>typ</c> <c>dpop+jwt</c>, a public <c>jwk</c> that verifies it,
/// <c>htm</c> and <c>htu</c> naming this request, a fresh <c>iat</c>, <c>ath</c> when an access token is presented, and
/// a <c>jti</c> never seen before (remembered across restarts and replicas for as long as the proof could be fresh).
/// </summary>
internal sealed class DpopProofs(IssuanceState state, TimeProvider time)
{
    public const string Type = "dpop+jwt";
    private const int MaxJtiLength = 256;

    /// <summary>True when the request carries a <c>DPoP</c> header (one or more).</summary>
    public static bool IsPresent(HttpRequest request) => request.Headers.ContainsKey("DPoP");

    /// <summary>
    /// Checks the request's proof for <paramref name="htu"/> (the endpoint's public URL) and, when given, the access
    /// token it accompanies; the proof key's RFC 7638 thumbprint (<c>jkt</c>), or <c>invalidDpopProof</c>.
    /// </summary>
    public async Task<Result<string>> CheckAsync(HttpRequest request, string htu, string? accessToken, CancellationToken cancellationToken)
    {
        var headers = request.Headers["DPoP"];
        if (headers.Count != 1 || string.IsNullOrEmpty(headers[0]))
        {
            return Invalid(headers.Count == 0 ? "This request needs a DPoP proof in the DPoP header." : "A request carries exactly one DPoP proof.");
        }

        var proof = await ProofJwt.ReadAsync(headers[0]!, Type, ErrorCodes.InvalidDpopProof, time.GetUtcNow(), resolver: null, cancellationToken).ConfigureAwait(false);
        if (!proof.IsSuccess)
        {
            return proof.Error!;
        }

        var jti = proof.Value.String("jti");
        if (jti is not { Length: > 0 and <= MaxJtiLength })
        {
            return Invalid($"The DPoP proof needs a jti of 1 to {MaxJtiLength} characters.");
        }

        if (proof.Value.String("htm") != request.Method)
        {
            return Invalid($"The DPoP proof's htm must be {request.Method}.");
        }

        if (proof.Value.String("htu") is not { } claimed || !SameTarget(claimed, htu))
        {
            return Invalid($"The DPoP proof's htu must be {htu}.");
        }

        if (accessToken is not null && proof.Value.String("ath") != Hash(accessToken))
        {
            return Invalid("The DPoP proof's ath is not the hash of the access token sent with it.");
        }

        // Last, so a proof refused for another reason does not use up its jti.
        var seen = IssuanceState.Key("dpop-jti", $"{proof.Value.Thumbprint}\n{htu}\n{jti}");
        if (!await state.MarkSeenAsync(seen, Oid4VciOptions.ProofMaxAge + Oid4VciOptions.ClockSkew + Oid4VciOptions.ClockSkew, cancellationToken).ConfigureAwait(false))
        {
            return Invalid("This DPoP proof (its jti) was used before; sign a new one for every request.");
        }

        return proof.Value.Thumbprint;
    }

    /// <summary>base64url(SHA-256(ASCII(token))): the <c>ath</c> of a token.</summary>
    public static string Hash(string accessToken) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(accessToken)));

    // RFC 9449 §4.3: htu is compared without its query and fragment; scheme and host are case-insensitive (RFC 3986 §6.2.2.1).
    private static bool SameTarget(string claimed, string expected) =>
        Uri.TryCreate(claimed, UriKind.Absolute, out var uri)
        && Uri.TryCreate(expected, UriKind.Absolute, out var target)
        && string.Equals(uri.GetLeftPart(UriPartial.Path), target.GetLeftPart(UriPartial.Path), StringComparison.Ordinal);

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidDpopProof, detail);
}
