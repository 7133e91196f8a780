namespace Identity.Primitives;

/// <summary>Codes reported by the CLI wallet speaking OpenID4VCI 1.0 and OpenID4VP 1.0 (<c>wallet accept-offer | respond</c>).</summary>
public static partial class ErrorCodes
{
    /// <summary>A credential offer, or the issuer's metadata it leads to, cannot be used (malformed, missing endpoints, no usable grant or format).</summary>
    public const string OfferInvalid = "offerInvalid";

    /// <summary>The issuer's token, nonce or credential endpoint answered with an error (<c>invalid_grant</c>, <c>invalid_proof</c>, …).</summary>
    public const string IssuerRefused = "issuerRefused";

    /// <summary>A verifier's request object is malformed, unsigned, signed by a key its client identifier does not name, or asks for something unsupported.</summary>
    public const string RequestObjectInvalid = "requestObjectInvalid";

    /// <summary>A verifier's X.509 certificate does not chain to a trusted root (a self-signed one needs <c>--trust-x509</c>).</summary>
    public const string VerifierNotTrusted = "verifierNotTrusted";

    /// <summary>No credential in the wallet satisfies the verifier's DCQL query.</summary>
    public const string DcqlUnsatisfied = "dcqlUnsatisfied";

    /// <summary>The holder declined to send the presentation (or gave no answer); nothing was sent.</summary>
    public const string PresentationDeclined = "presentationDeclined";

    /// <summary>The verifier's response-encryption key (client_metadata jwks) is missing, malformed or of an unsupported kind.</summary>
    public const string VerifierKeyInvalid = "verifierKeyInvalid";

    /// <summary>The verifier answered the presentation with an error.</summary>
    public const string VerifierRefused = "verifierRefused";

    /// <summary>The image given with <c>--qr</c> cannot be read, or holds no QR code.</summary>
    public const string QrUnreadable = "qrUnreadable";
}
