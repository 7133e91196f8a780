// References: RFC 1951 DEFLATE Compressed Data Format, https://www.rfc-editor.org/rfc/rfc1951 ;
//   SMART Health Cards Framework v1.4.0 §"Health Cards are Compact" (raw DEFLATE, no zlib or gzip header),
//   https://spec.smarthealth.cards/#health-cards-are-compact
using System.IO.Compression;
using Identity.Primitives;

namespace Identity.HealthCards.HealthCards;

/// <summary>Raw DEFLATE (no zlib or gzip framing) with an inflated-size bound, so a small input cannot expand without limit.</summary>
/// <remarks><threadsafety>Stateless and thread-safe.</threadsafety></remarks>
public static class RawDeflate
{
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates <paramref name="compressed"/>, stopping as soon as the output would exceed <paramref name="maxBytes"/>.</summary>
    /// <returns>The bytes, or <c>inflateLimitExceeded</c> (a deflate bomb or simply too large) or <c>invalidHealthCard</c> (not raw DEFLATE).</returns>
    public static Result<byte[]> Inflate(ReadOnlySpan<byte> compressed, int maxBytes)
    {
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = deflate.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    return new Error(ErrorCodes.InflateLimitExceeded, $"The DEFLATE payload inflates to more than {maxBytes} bytes; it was not read further.");
                }

                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            // Boundary: the BCL reports corrupt compressed data only by throwing.
            return new Error(ErrorCodes.InvalidHealthCard, "The JWS payload is not raw DEFLATE data (zip \"DEF\" requires RFC 1951 without a zlib or gzip header).");
        }

        return output.ToArray();
    }
}
