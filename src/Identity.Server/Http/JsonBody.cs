using System.Text.Json;
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
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > settings.MaxRequestBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), settings.MaxJsonDepth);
    }

    public static Result<JsonObject> Parse(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        if (utf8.IsEmpty)
        {
            return new Error(ErrorCodes.InvalidJson, "The request body is empty; send a JSON object.");
        }

        // Check depth first with a reader that stops at the limit, so a 10,000-deep document costs one shallow pass.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= maxDepth)
                {
                    return new Error(ErrorCodes.JsonTooDeep, $"The JSON nests deeper than {maxDepth} levels.");
                }
            }
        }
        catch (JsonException e)
        {
            return reader.CurrentDepth >= maxDepth
                ? new Error(ErrorCodes.JsonTooDeep, $"The JSON nests deeper than {maxDepth} levels.")
                : new Error(ErrorCodes.InvalidJson, $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, new JsonNodeOptions { PropertyNameCaseInsensitive = false }, new JsonDocumentOptions { MaxDepth = maxDepth + 1, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            // The structure already passed the reader above, so what is left is a member name given twice.
            return new Error(ErrorCodes.InvalidJson, "The body repeats a member name within one object; JSON members must be unique.");
        }

        return node is JsonObject json ? json : new Error(ErrorCodes.InvalidRequest, "The body must be a JSON object.");
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
