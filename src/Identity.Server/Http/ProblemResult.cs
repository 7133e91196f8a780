using System.Text.Json.Nodes;

namespace Identity.Server.Http;

/// <summary>
/// A problem response whose <c>type</c> URIs (its own and those of the problems in <c>errors</c>) are made absolute on
/// this service's public origin when it is written, so every problem links a page the service itself serves.
/// </summary>
internal sealed class ProblemResult(JsonObject body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => (int)body["status"]!;

    public string ContentType => Problems.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) =>
        JsonResponse.WriteAsync(httpContext, ErrorPages.Link(body, httpContext), StatusCode!.Value, ContentType);
}
