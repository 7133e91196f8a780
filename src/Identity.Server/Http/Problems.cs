// References: RFC 9457 Problem Details for HTTP APIs, https://www.rfc-editor.org/rfc/rfc9457
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Server.Http;

/// <summary>
/// The one mapper from an <see cref="Error"/> to an <c>application/problem+json</c> response: <c>type</c> links the
/// code's documentation page on this service (<see cref="ErrorPages"/>), <c>title</c> is fixed per code, <c>detail</c> describes this instance, and <c>code</c> is
/// the stable code clients switch on.
/// </summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult For(Error error, int? status = null, JsonObject? extensions = null)
    {
        var body = Body(error, status ?? StatusOf(error.Code));
        if (extensions is not null)
        {
            foreach (var (name, value) in extensions)
            {
                body[name] = value?.DeepClone();
            }
        }

        return new ProblemResult(body);
    }

    /// <summary>The problem document; its <c>type</c> is a path until <see cref="ErrorPages.Link"/> makes it absolute.</summary>
    public static JsonObject Body(Error error, int status) => new()
    {
        ["type"] = ErrorPages.PathOf(error.Code),
        ["title"] = Title(error.Code),
        ["status"] = status,
        ["detail"] = error.Detail,
        ["code"] = error.Code,
    };

    public static Task WriteAsync(HttpContext context, Error error, int status) =>
        JsonResponse.WriteAsync(context, ErrorPages.Link(Body(error, status), context), status, ContentType);

    public static int StatusOf(string code) => code switch
    {
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorCodes.TenantExists or ErrorCodes.KeyExists or ErrorCodes.CredentialExists => StatusCodes.Status409Conflict,
        ErrorCodes.PatientExists or ErrorCodes.VersionConflict => StatusCodes.Status409Conflict,
        ErrorCodes.ConsentExists => StatusCodes.Status409Conflict,
        ErrorCodes.LastActiveKey or ErrorCodes.KeyRetired or ErrorCodes.RevocationIsPermanent => StatusCodes.Status409Conflict,
        ErrorCodes.DidDeactivated => StatusCodes.Status410Gone,
        ErrorCodes.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCodes.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCodes.InternalError => StatusCodes.Status500InternalServerError,
        ErrorCodes.MethodNotSupported => StatusCodes.Status501NotImplemented,
        ErrorCodes.RepresentationNotSupported => StatusCodes.Status406NotAcceptable,
        _ => StatusCodes.Status400BadRequest,
    };

    // Titles are fixed per code (RFC 9457 §3.1.3): derived from the code's words, "invalidDidUrl" → "Invalid did url".
    private static string Title(string code)
    {
        var words = new System.Text.StringBuilder(code.Length + 8);
        foreach (var c in code)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
                words.Append(char.ToLowerInvariant(c));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : c);
            }
        }

        return words.ToString();
    }
}
