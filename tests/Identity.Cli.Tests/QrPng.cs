using QRCoder;

namespace Identity.Cli.Tests;

/// <summary>Writes a QR code of a text as a PNG file (QRCoder, an encoder independent of the CLI's ZXing decoder).</summary>
internal static class QrPng
{
    public static string Write(string text)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("identity-qr-").FullName, "code.png");
        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        File.WriteAllBytes(file, new PngByteQRCode(code).GetGraphic(5));
        return file;
    }
}
