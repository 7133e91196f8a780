namespace Identity.Primitives;

/// <summary>Codes reported when fetching a document over HTTP (did:web, status lists) under the SSRF guards.</summary>
public static partial class ErrorCodes
{
    /// <summary>The host resolves to an address the fetch policy refuses (loopback, private, link-local, …).</summary>
    public const string AddressNotAllowed = "addressNotAllowed";

    /// <summary>The response body is larger than the configured cap.</summary>
    public const string ResponseTooLarge = "responseTooLarge";

    /// <summary>The whole request (resolution, connection, headers and body) did not finish within the timeout.</summary>
    public const string FetchTimeout = "fetchTimeout";

    /// <summary>The fetch failed: a network error, a redirect, a refused scheme or an unexpected HTTP status.</summary>
    public const string FetchFailed = "fetchFailed";
}
