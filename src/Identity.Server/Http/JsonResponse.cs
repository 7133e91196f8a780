using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Identity.Server.Http;

/// <summary>
/// A JSON response written as UTF-8 straight from the node, with its Content-Length: no string in between, and the
/// same bytes <see cref="JsonNode.ToJsonString"/> gives (default writer options, so the same escaping).
/// </summary>
internal sealed class JsonResponse(JsonNode body, int statusCode, string contentType) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    // Buffers larger than this are not kept for the next response on the thread.
    private const int MaxKeptBytes = 64 * 1024;

    // One buffer and writer per thread, used only between the start and the end of the synchronous part of WriteAsync.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public int? StatusCode => statusCode;

    public string ContentType => contentType;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, body, statusCode, contentType);

    public static Task WriteAsync(HttpContext context, JsonNode body, int status, string contentType)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        try
        {
            writer.Reset(buffer);
            body.WriteTo(writer);
            writer.Flush();

            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = buffer.WrittenCount;
            buffer.WrittenSpan.CopyTo(response.BodyWriter.GetSpan(buffer.WrittenCount));
            response.BodyWriter.Advance(buffer.WrittenCount);
        }
        finally
        {
            // The body may be personal: zero what was written before the buffer serves the next response.
            buffer.Clear();
            if (buffer.Capacity > MaxKeptBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }

        return FlushAsync(context.Response.BodyWriter, context.RequestAborted);
    }

    private static Task FlushAsync(System.IO.Pipelines.PipeWriter writer, CancellationToken cancellationToken)
    {
        var flush = writer.FlushAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }
}
