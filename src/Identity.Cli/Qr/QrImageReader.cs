// References: ISO/IEC 18004:2015 (QR Code), decoded by ZXing.Net 0.16 (https://github.com/micjahn/ZXing.Net); images
//   decoded by StbImageSharp 2.30 (a C# port of stb_image: PNG, JPEG, BMP, GIF, TGA).
using Identity.Cli.Infrastructure;
using Identity.Primitives;
using StbImageSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Identity.Cli.Qr;

/// <summary>
/// Reads the text of the QR code in an image file (a screenshot or photo of an offer or request), bounded: the file
/// at most <see cref="MaxFileBytes"/> and the image at most <see cref="MaxPixels"/> before anything is decoded.
/// </summary>
/// <remarks><threadsafety>Stateless; safe from any thread.</threadsafety></remarks>
internal static class QrImageReader
{
    public const int MaxFileBytes = 16 * 1024 * 1024;

    public const long MaxPixels = 40_000_000;

    /// <summary>The QR code's text; <c>qrUnreadable</c> when the file is not an image, too large, or holds no QR code.</summary>
    public static string Read(string file)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw new CliException(ErrorCodes.QrUnreadable, $"There is no image at {file}.");
            }

            bytes = info.Length <= MaxFileBytes
                ? File.ReadAllBytes(file)
                : throw new CliException(ErrorCodes.QrUnreadable, $"{file} is larger than {MaxFileBytes / (1024 * 1024)} MiB.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ErrorCodes.QrUnreadable, $"Cannot read {file}: {e.Message}");
        }

        return Decode(bytes) ?? throw new CliException(ErrorCodes.QrUnreadable, $"No QR code was found in {file}.");
    }

    /// <summary>The text of the first QR code in the encoded image, or null when there is none.</summary>
    public static string? Decode(byte[] image)
    {
        ImageResult decoded;
        try
        {
            using (var stream = new MemoryStream(image, writable: false))
            {
                var info = ImageInfo.FromStream(stream) ?? throw new CliException(ErrorCodes.QrUnreadable, "The file is not an image (PNG, JPEG, BMP or GIF).");
                if ((long)info.Width * info.Height > MaxPixels)
                {
                    throw new CliException(ErrorCodes.QrUnreadable, $"The image has {info.Width}x{info.Height} pixels; at most {MaxPixels} are read.");
                }
            }

            decoded = ImageResult.FromMemory(image, ColorComponents.RedGreenBlueAlpha);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new CliException(ErrorCodes.QrUnreadable, $"The image cannot be decoded: {e.Message}");
        }

        var source = new RGBLuminanceSource(decoded.Data, decoded.Width, decoded.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var bitmap = new BinaryBitmap(new HybridBinarizer(source));
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true, [DecodeHintType.CHARACTER_SET] = "UTF-8" };

        // The finder-pattern detector misses a few percent of large, clean, screen-rendered codes (measured: 3 to 7 in 100
        // at versions 15 to 30); read as a pure code (axis-aligned, one code, quiet zone) they decode, so that is the fallback.
        return new QRCodeReader().decode(bitmap, hints)?.Text
            ?? new QRCodeReader().decode(bitmap, new Dictionary<DecodeHintType, object>(hints) { [DecodeHintType.PURE_BARCODE] = true })?.Text;
    }
}
