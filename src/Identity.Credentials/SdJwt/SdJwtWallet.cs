// References: RFC 9901 (SD-JWT) §4.3 Key Binding JWT and §6 Presenting, https://www.rfc-editor.org/rfc/rfc9901
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// The holder's side of SD-JWT: list what a credential can disclose, and present a chosen subset with a Key Binding
/// JWT over the verifier's nonce and audience. (The <c>identity present --disclose</c> command builds on this.)
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class SdJwtWallet
{
    /// <summary>The paths of the claims the holder may choose to disclose (e.g. <c>bloodType</c>, <c>address.street</c>).</summary>
    /// <returns>The paths in disclosure order, or the SD-JWT's structural and disclosure errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sdJwt"/> is null.</exception>
    public static Result<IReadOnlyList<string>> DisclosablePaths(string sdJwt) =>
        Open(sdJwt).Map(opened => (IReadOnlyList<string>)[.. opened.Disclosures.Select(d => d.Path!)]);

    /// <summary>The claims with every disclosure the holder holds applied (what a full disclosure would reveal); signatures are not checked.</summary>
    /// <returns>The claims without <c>_sd</c> and <c>_sd_alg</c>, or the SD-JWT's structural and disclosure errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sdJwt"/> is null.</exception>
    public static Result<JsonObject> AllClaims(string sdJwt)
    {
        var token = SdJwtToken.Parse(sdJwt ?? throw new ArgumentNullException(nameof(sdJwt)));
        if (!token.IsSuccess)
        {
            return token.Error!;
        }

        return token.Value.IssuerJwt.PayloadObject() is { } payload
            ? SdJwtProcessor.Process(payload, token.Value.Disclosures).Map(processed => processed.Claims)
            : new Error(ErrorCodes.MalformedJws, "The SD-JWT's payload is not a JSON object.");
    }

    /// <summary>
    /// Builds a presentation that discloses exactly the claims named in <paramref name="disclose"/> (a path also
    /// discloses the objects that contain it and every disclosable claim inside it) and, when
    /// <paramref name="holderKey"/> is given, appends a Key Binding JWT over <paramref name="nonce"/> and <paramref name="audience"/>.
    /// </summary>
    /// <returns>The SD-JWT (+KB) text, or <c>invalidOptions</c> for a path the credential cannot disclose, or the SD-JWT's own errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sdJwt"/> or <paramref name="disclose"/> is null.</exception>
    /// <exception cref="ArgumentException">A key is given without a nonce and an audience.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="holderKey"/> has been disposed.</exception>
    public static Result<string> Present(
        string sdJwt, IEnumerable<string> disclose, PrivateKey? holderKey, string? nonce, string? audience, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(disclose);
        if (holderKey is not null && (string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(audience)))
        {
            throw new ArgumentException("A Key Binding JWT needs both the verifier's nonce and its audience.", nameof(holderKey));
        }

        var opened = Open(sdJwt);
        if (!opened.IsSuccess)
        {
            return opened.Error!;
        }

        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in disclose)
        {
            var matches = opened.Value.Disclosures
                .Where(d => d.Path == path || IsInside(d.Path!, path) || IsInside(path, d.Path!))
                .ToList();
            if (!matches.Any(d => d.Path == path || IsInside(d.Path!, path)))
            {
                return new Error(ErrorCodes.InvalidOptions, $"The credential has no selectively disclosable claim '{path}'.");
            }

            chosen.UnionWith(matches.Select(d => d.Encoded));
        }

        var builder = new StringBuilder(opened.Value.Token.IssuerJwt.Token).Append('~');
        foreach (var disclosure in opened.Value.Disclosures.Where(d => chosen.Contains(d.Encoded)))
        {
            builder.Append(disclosure.Encoded).Append('~');
        }

        string presented = builder.ToString();
        if (holderKey is null)
        {
            return presented;
        }

        var claims = new JsonObject
        {
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = opened.Value.Hash.Digest(presented),
        };
        return presented + CompactJws.Sign(new JsonObject { ["typ"] = SdJwtVc.KeyBindingType }, Encoding.UTF8.GetBytes(claims.ToJsonString()), holderKey);
    }

    // True when `path` lies strictly inside `container` (a.b inside a; a[0] inside a).
    private static bool IsInside(string path, string container) =>
        path.Length > container.Length && path.StartsWith(container, StringComparison.Ordinal) && path[container.Length] is '.' or '[';

    private static Result<Opened> Open(string sdJwt)
    {
        ArgumentNullException.ThrowIfNull(sdJwt);
        var token = SdJwtToken.Parse(sdJwt);
        if (!token.IsSuccess)
        {
            return token.Error!;
        }

        if (token.Value.IssuerJwt.PayloadObject() is not { } payload)
        {
            return new Error(ErrorCodes.MalformedJws, "The SD-JWT's payload is not a JSON object.");
        }

        var processed = SdJwtProcessor.Process(payload, token.Value.Disclosures);
        if (!processed.IsSuccess)
        {
            return processed.Error!;
        }

        return new Opened(token.Value, processed.Value.Disclosures, SdHashAlgorithm.FromClaim(payload["_sd_alg"]).Value);
    }

    private sealed record Opened(SdJwtToken Token, IReadOnlyList<SdJwtDisclosure> Disclosures, SdHashAlgorithm Hash);
}
