namespace Identity.DidMethods.Web;

/// <summary>A document fetched by <see cref="GuardedHttpFetcher"/>.</summary>
/// <param name="Body">The response body, at most <see cref="GuardedFetchOptions.MaxResponseBytes"/> bytes.</param>
/// <param name="ContentType">The media type of the response (no parameters), or null when absent.</param>
/// <param name="MaxAge">How long the response may be cached: <c>Cache-Control: max-age</c>, zero for <c>no-store</c>
/// or <c>no-cache</c>, null when the response says nothing.</param>
/// <remarks><threadsafety>Immutable by contract: the body array is handed over, not copied; do not mutate it.</threadsafety></remarks>
public sealed record FetchedDocument(byte[] Body, string? ContentType, TimeSpan? MaxAge);
