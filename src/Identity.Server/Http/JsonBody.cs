using System.Text.Json.Nodes;
using Identity.Primitives;
using Identity.Server.Configuration;

namespace Identity.Server.Http;

/// <summary>
/// Reads a JSON request body under the service's limits: a JSON media type, at most
/// <see cref="ServerSettings.MaxRequestBytes"/> bytes (checked before and while reading), and at most
/// <see cref="ServerSettings.MaxJsonDepth"/> levels of nesting. Each refusal is a specific error, never an exception.
/// </summary>
internal sealed class JsonBody(ServerSettings settings)
{
    public async Task<Result<JsonObject>> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return new Error(ErrorCodes.UnsupportedMediaType, $"Send the body as application/json, not '{request.ContentType ?? "(none)"}'.");
        }

        if (request.ContentLength > settings.MaxRequestBytes)
        {
            return TooLarge();
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        do
        {
            try
            {
                read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // Boundary: Kestrel enforces the same limit on a chunked body by throwing from the read; a client error, not a fault.
                return TooLarge();
            }

            if (buffer.Length + read > settings.MaxRequestBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }
        while (read > 0);

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), settings.MaxJsonDepth);
    }

    /// <summary>Parses a body with <see cref="StrictJson"/>: well-formed UTF-8, no lone surrogates, unique member names.</summary>
    public static Result<JsonObject> Parse(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (utf8.IsEmpty)
        {
            return new Error(ErrorCodes.InvalidJson, "The request body is empty; send a JSON object.");
        }

        var node = StrictJson.Parse(utf8, maxDepth);
        if (!node.IsSuccess)
        {
            return new Error(node.Error.Code, $"The body is not valid JSON: {node.Error.Detail}");
        }

        return node.Value is JsonObject json ? json : new Error(ErrorCodes.InvalidRequest, "The body must be a JSON object.");
    }

    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private Error TooLarge() => new(ErrorCodes.PayloadTooLarge, $"The body exceeds the limit of {settings.MaxRequestBytes} bytes.");
}
