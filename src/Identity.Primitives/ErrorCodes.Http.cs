namespace Identity.Primitives;

// The codes of the HTTP edge: authentication, request shape and limits, and replay.
public static partial class ErrorCodes
{
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string InvalidRequest = "invalidRequest";
    public const string PayloadTooLarge = "payloadTooLarge";
    public const string UnsupportedMediaType = "unsupportedMediaType";
    public const string JsonTooDeep = "jsonTooDeep";
    public const string RateLimited = "rateLimited";
    public const string MethodNotAllowed = "methodNotAllowed";
    public const string ChallengeReused = "challengeReused";
    public const string ChallengeExpired = "challengeExpired";
}
