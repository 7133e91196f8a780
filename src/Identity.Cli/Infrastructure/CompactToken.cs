// References: RFC 7515 §7.1 (JWS compact serialization); RFC 9901 (SD-JWT) §4, https://www.rfc-editor.org/rfc/rfc9901 ;
//   W3C VC-JOSE-COSE §3.1 (typ vc+jwt / vp+jwt), https://www.w3.org/TR/vc-jose-cose/
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;

namespace Identity.Cli.Infrastructure;

/// <summary>
/// A credential or presentation given to <c>identity verify</c> as a compact token rather than JSON: an SD-JWT (a
/// presentation when it ends in a Key Binding JWT, a credential when it ends in <c>~</c>), or a JWS (a presentation
/// when its <c>typ</c> is <c>vp+jwt</c> or it carries a JWT-VP <c>vp</c> claim).
/// </summary>
internal sealed record CompactToken(string Text, bool IsPresentation)
{
    /// <summary>The token in <paramref name="text"/> (surrounding whitespace ignored), or null when it is not token-shaped.</summary>
    public static CompactToken? TryRead(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('{') || trimmed.Any(char.IsWhiteSpace))
        {
            return null;
        }

        if (SdJwtToken.IsSdJwt(trimmed))
        {
            return new CompactToken(trimmed, !trimmed.EndsWith('~'));
        }

        if (trimmed.AsSpan().Count('.') is not (2 or 4))
        {
            return null;
        }

        // A token that does not parse is still sent on as a credential: the verifier reports why under `proof`.
        var jws = CompactJws.Parse(trimmed);
        return new CompactToken(trimmed, jws.IsSuccess && (jws.Value.Type == JoseCredentialVerifier.VpJwtType || jws.Value.PayloadObject()?["vp"] is JsonObject));
    }
}
