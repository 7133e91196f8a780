namespace Identity.Primitives;

/// <summary>Codes reported for JOSE-secured credentials (compact JWS, VC-JOSE-COSE, JWT-VC), SD-JWT VC and did:pkh.</summary>
public static partial class ErrorCodes
{
    /// <summary>A token is not a compact JWS of exactly three base64url parts with a JSON object header and a signature.</summary>
    public const string MalformedJws = "malformedJws";

    /// <summary>A token has five parts (a JWE); encrypted tokens are refused before any of their parts is decoded.</summary>
    public const string JweNotSupported = "jweNotSupported";

    /// <summary>A token is longer than the configured limit; it is refused before it is split or decoded.</summary>
    public const string TokenTooLarge = "tokenTooLarge";

    /// <summary>A JWS <c>alg</c> is <c>none</c>, unknown, or not allowed for the type of the key that must verify it.</summary>
    public const string AlgorithmNotAllowed = "algorithmNotAllowed";

    /// <summary>A JWS header lists a <c>crit</c> extension this implementation does not understand (RFC 7515 §4.1.11).</summary>
    public const string UnsupportedCriticalHeader = "unsupportedCriticalHeader";

    /// <summary>A token's <c>typ</c>, or a claim the format requires, is missing or wrong for the format being verified.</summary>
    public const string InvalidTokenType = "invalidTokenType";

    /// <summary>An SD-JWT disclosure is not base64url JSON of [salt, name, value] (or [salt, value] in an array), or its name is reserved or already present.</summary>
    public const string MalformedDisclosure = "malformedDisclosure";

    /// <summary>An SD-JWT disclosure matches no digest in the signed payload (a tampered or extra disclosure).</summary>
    public const string DisclosureNotReferenced = "disclosureNotReferenced";

    /// <summary>An SD-JWT carries the same disclosure twice, or the signed payload repeats a digest.</summary>
    public const string DisclosureDuplicated = "disclosureDuplicated";

    /// <summary>An SD-JWT's <c>_sd_alg</c> names a hash algorithm that is not supported.</summary>
    public const string UnsupportedHashAlgorithm = "unsupportedHashAlgorithm";

    /// <summary>The verifier asked for holder binding but the SD-JWT has no Key Binding JWT or no <c>cnf</c> key.</summary>
    public const string KeyBindingRequired = "keyBindingRequired";

    /// <summary>A Key Binding JWT's <c>sd_hash</c> does not cover the presented SD-JWT, or its <c>typ</c>, <c>iat</c> or key is wrong.</summary>
    public const string KeyBindingMismatch = "keyBindingMismatch";

    /// <summary>The Ethereum address recovered from a signature is not the account the DID or verification method names.</summary>
    public const string AddressMismatch = "addressMismatch";
}
