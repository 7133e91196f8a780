namespace Identity.Primitives;

// OpenID for Verifiable Credential Issuance 1.0 and the OAuth 2.0 errors it uses; each problem also carries the spec's
// `error` name (in brackets here) for wallets.
public static partial class ErrorCodes
{
    /// <summary>A pre-authorized code is unknown, expired, already redeemed or locked, or the transaction code is wrong (<c>invalid_grant</c>).</summary>
    public const string InvalidGrant = "invalidGrant";

    /// <summary>The token request names a grant type this issuer does not support (<c>unsupported_grant_type</c>).</summary>
    public const string UnsupportedGrantType = "unsupportedGrantType";

    /// <summary>A DPoP proof is missing where required, malformed, stale, replayed, or does not match the request or the token's key (<c>invalid_dpop_proof</c>).</summary>
    public const string InvalidDpopProof = "invalidDpopProof";

    /// <summary>The access token is missing, unknown, expired or already used, or presented in the wrong scheme (<c>invalid_token</c>).</summary>
    public const string InvalidToken = "invalidToken";

    /// <summary>A key proof (<c>openid4vci-proof+jwt</c>) is missing, malformed, wrongly typed or addressed, stale, or its signature fails (<c>invalid_proof</c>).</summary>
    public const string InvalidKeyProof = "invalidKeyProof";

    /// <summary>A key proof's <c>nonce</c> is not a live <c>c_nonce</c> from this issuer's nonce endpoint (unknown, expired or used) (<c>invalid_nonce</c>).</summary>
    public const string InvalidNonce = "invalidNonce";

    /// <summary>The credential request names a configuration the issuer does not offer (<c>unknown_credential_configuration</c>).</summary>
    public const string UnknownCredentialConfiguration = "unknownCredentialConfiguration";

    /// <summary>The credential request is malformed or asks for what the access token does not cover (<c>invalid_credential_request</c>).</summary>
    public const string InvalidCredentialRequest = "invalidCredentialRequest";
}
