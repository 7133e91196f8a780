// References: W3C VC Data Model v2.0 §4.13.1 Enveloped Verifiable Credentials and §4.13.2 Enveloped Verifiable
//   Presentations, https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials ; RFC 2397 (data: URLs);
//   W3C VC-JOSE-COSE §3.1.1-3.1.2 and §3.3 (media types vc+jwt, vp+jwt, and vc+sd-jwt in envelopes), https://www.w3.org/TR/vc-jose-cose/
using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.Jose;

/// <summary>
/// Wraps secured tokens as <c>EnvelopedVerifiableCredential</c> / <c>EnvelopedVerifiablePresentation</c> objects whose
/// <c>id</c> is a <c>data:</c> URL (<c>data:application/vc+jwt,&lt;token&gt;</c>), and unwraps them.
/// </summary>
/// <remarks><threadsafety>All members are static and safe to call from any thread.</threadsafety></remarks>
public static class EnvelopedCredentials
{
    public const string VcJwtMediaType = "application/vc+jwt";
    public const string VpJwtMediaType = "application/vp+jwt";
    public const string SdJwtMediaType = "application/dc+sd-jwt";
    public const string LegacySdJwtMediaType = "application/vc+sd-jwt";
    public const string EnvelopedCredentialType = "EnvelopedVerifiableCredential";
    public const string EnvelopedPresentationType = "EnvelopedVerifiablePresentation";

    /// <summary>An <c>EnvelopedVerifiableCredential</c> carrying <paramref name="token"/> with <paramref name="mediaType"/>.</summary>
    public static JsonObject Credential(string token, string mediaType = VcJwtMediaType) => Envelope(token, mediaType, EnvelopedCredentialType);

    /// <summary>An <c>EnvelopedVerifiablePresentation</c> carrying <paramref name="token"/>.</summary>
    public static JsonObject Presentation(string token, string mediaType = VpJwtMediaType) => Envelope(token, mediaType, EnvelopedPresentationType);

    /// <summary>
    /// Reads an envelope of <paramref name="type"/>: its media type and token. The data URL must be
    /// <c>data:&lt;media type&gt;,&lt;token&gt;</c> with no parameters and no base64 flag (the token is already ASCII).
    /// </summary>
    /// <returns>False when <paramref name="node"/> is not such an envelope.</returns>
    public static bool TryUnwrap(JsonNode? node, string type, out string mediaType, out string token)
    {
        mediaType = token = string.Empty;
        if (node is not JsonObject envelope || !JsonValues.Strings(envelope["type"]).Contains(type, StringComparer.Ordinal)
            || JoseEncoding.String(envelope["id"]) is not { } id || !id.StartsWith("data:", StringComparison.Ordinal))
        {
            return false;
        }

        int comma = id.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || id.AsSpan(5, comma - 5).Contains(';'))
        {
            return false;
        }

        mediaType = id[5..comma];
        token = id[(comma + 1)..];
        return true;
    }

    private static JsonObject Envelope(string token, string mediaType, string type) => new()
    {
        ["@context"] = new JsonArray(VcContexts.V2),
        ["id"] = $"data:{mediaType},{token}",
        ["type"] = type,
    };
}
