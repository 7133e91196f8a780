using Identity.Primitives;

namespace Identity.JsonLd.Processing;

/// <summary>A JSON-LD 1.1 error raised deep inside the recursive algorithms, carrying the specification's error code.</summary>
/// <remarks>
/// Deviation from the house error model, on purpose: the algorithms have over a hundred failure points many calls
/// deep, so an internal exception unwinds them; <see cref="JsonLdProcessor"/> catches it at its public boundary and
/// returns <c>invalidJsonLd</c> as a value. It never escapes the library.
/// </remarks>
internal sealed class JsonLdException(
    string code, string message, string errorCode = ErrorCodes.InvalidJsonLd, JsonLdFailureKind kind = JsonLdFailureKind.InvalidDocument)
    : Exception(message)
{
    /// <summary>The code of <see cref="WorkLimit"/>: not a JSON-LD 1.1 error, the request's work budget ran out.</summary>
    public const string WorkLimitCode = "work limit exceeded";

    /// <summary>The JSON-LD 1.1 error code, e.g. <c>invalid IRI mapping</c>.</summary>
    public string Code { get; } = code;

    /// <summary>The stable code of the <see cref="Error"/> the processor returns (<c>invalidJsonLd</c> unless a rule of this library says otherwise).</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>What kind of failure this is, set where it is raised.</summary>
    public JsonLdFailureKind Kind { get; } = kind;

    /// <summary>The request's work budget is spent; the processor reports it as <c>workLimitExceeded</c>.</summary>
    public static JsonLdException WorkLimit() =>
        new(WorkLimitCode, "The request's work budget is spent.", ErrorCodes.WorkLimitExceeded, JsonLdFailureKind.WorkLimitExceeded);
}
