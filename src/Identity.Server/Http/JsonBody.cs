using System.Buffers;
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
    private const int InitialChunkedCapacity = 16 * 1024;

    // A declared Content-Length reserves at most this much before its bytes arrive: the client's word alone must not
    // hold memory (a slow client claiming the limit); larger bodies grow by doubling as they are read.
    private const int MaxUpFrontCapacity = 64 * 1024;

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

        // One pooled buffer per request, sized from Content-Length when the client sent it (plus one byte, so the read
        // that sees the end needs no larger buffer; capped, see MaxUpFrontCapacity); parsed from the bytes, cleared before
        // it goes back to the pool.
        var buffer = ArrayPool<byte>.Shared.Rent(Capacity(request.ContentLength is { } length ? Math.Min(length + 1, MaxUpFrontCapacity) : InitialChunkedCapacity));
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Capacity(buffer.Length * 2L));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    Return(buffer, filled);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    // Boundary: Kestrel enforces the same limit on a chunked body by throwing from the read; a client error, not a fault.
                    return TooLarge();
                }

                if (read == 0)
                {
                    return Parse(buffer.AsSpan(0, filled), settings.MaxJsonDepth);
                }

                filled += read;
                if (filled > settings.MaxRequestBytes)
                {
                    return TooLarge();
                }
            }
        }
        finally
        {
            Return(buffer, filled);
        }
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

    // Never more than one byte past the limit (that byte tells an over-long body), nor past what an array can hold.
    private int Capacity(long wanted) => (int)Math.Min(Math.Min(wanted, settings.MaxRequestBytes + 1L), Array.MaxLength);

    // A body may hold personal data: the bytes read are zeroed before the array is shared again.
    private static void Return(byte[] buffer, int filled)
    {
        buffer.AsSpan(0, Math.Min(filled, buffer.Length)).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private Error TooLarge() => new(ErrorCodes.PayloadTooLarge, $"The body exceeds the limit of {settings.MaxRequestBytes} bytes.");
}
