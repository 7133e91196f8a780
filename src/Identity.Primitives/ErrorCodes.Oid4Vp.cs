namespace Identity.Primitives;

/// <summary>Codes of the OpenID4VP verifier (docs/oid4vc.md).</summary>
public static partial class ErrorCodes
{
    /// <summary>A wallet answered (or fetched) an OpenID4VP request after it expired.</summary>
    public const string PresentationRequestExpired = "presentationRequestExpired";

    /// <summary>A wallet answered an OpenID4VP request that was already answered: responses are single use.</summary>
    public const string PresentationRequestFinished = "presentationRequestFinished";

    /// <summary>The response to an OpenID4VP request is malformed: no or a bad <c>vp_token</c>, an undecryptable JWE, too large.</summary>
    public const string InvalidPresentationResponse = "invalidPresentationResponse";

    /// <summary>The presentations of an OpenID4VP response did not verify (the request is now <c>failed</c>).</summary>
    public const string PresentationRejected = "presentationRejected";

    /// <summary>A presented credential does not answer the request's DCQL query (format, type or a requested claim).</summary>
    public const string DcqlMismatch = "dcqlMismatch";

    // presentationDeclined (ErrorCodes.WalletOpenId4Vc.cs) is shared: the verifier records it when a wallet answers with an error.
}
