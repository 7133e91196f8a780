// References: IETF draft-ietf-oauth-sd-jwt-vc-13 (SD-JWT-based Verifiable Credentials, 2025), §3.2 (typ dc+sd-jwt),
//   §3.2.2.2 (claims that must not be selectively disclosable), https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/
using System.Collections.Frozen;

namespace Identity.Credentials.SdJwt;

/// <summary>Names of the SD-JWT VC format.</summary>
public static class SdJwtVc
{
    /// <summary>The media type and JWS <c>typ</c> of SD-JWT VCs in current drafts.</summary>
    public const string MediaType = "dc+sd-jwt";

    /// <summary>The media type of earlier drafts, still produced by deployed issuers and accepted on verification.</summary>
    public const string LegacyMediaType = "vc+sd-jwt";

    /// <summary>The <c>typ</c> of a Key Binding JWT.</summary>
    public const string KeyBindingType = "kb+jwt";

    /// <summary>Claims that must stay visible: the verifier needs them before any disclosure is processed.</summary>
    public static FrozenSet<string> NeverDisclosable { get; } =
        new[] { "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "_sd", "_sd_alg", "..." }.ToFrozenSet(StringComparer.Ordinal);
}
