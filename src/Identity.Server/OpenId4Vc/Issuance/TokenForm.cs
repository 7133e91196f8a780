// References: RFC 6749 §3.2 and §4.1.3 (token request: application/x-www-form-urlencoded, parameters sent at most once)
using Identity.Primitives;
using Microsoft.AspNetCore.Http.Features;

namespace Identity.Server.OpenId4Vc.Issuance;

/// <summary>
/// Reads a token request's form within small fixed bounds (16 parameters of at most 4 KiB each: the form reader stops
/// at the first one past them); a parameter sent twice is refused (RFC 6749 §3.2).
/// </summary>
internal static class TokenForm
{
    /// <summary>Token requests are a handful of short parameters: 16 KiB is generous, and more is never read.</summary>
    public const int MaxBytes = 16 * 1024;

    private static readonly FormOptions s_limits = new()
    {
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        ValueLengthLimit = 4096,
        BufferBody = false,
    };

    public static async Task<Result<IReadOnlyDictionary<string, string>>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new Error(ErrorCodes.UnsupportedMediaType, "A token request is application/x-www-form-urlencoded.");
        }

        if (request.ContentLength > MaxBytes)
        {
            return new Error(ErrorCodes.PayloadTooLarge, $"A token request is at most {MaxBytes} bytes.");
        }

        IFormCollection form;
        try
        {
            form = await new FormFeature(request, s_limits).ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return new Error(ErrorCodes.InvalidRequest, "The token request's form is malformed or exceeds its bounds.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in form)
        {
            if (value.Count != 1)
            {
                return new Error(ErrorCodes.InvalidRequest, $"The parameter {name} is sent more than once.");
            }

            values[name] = value[0] ?? string.Empty;
        }

        return values;
    }
}
