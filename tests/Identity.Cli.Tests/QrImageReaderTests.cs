using Identity.Cli.Infrastructure;
using Identity.Cli.Qr;
using Identity.Primitives;
using QRCoder;

namespace Identity.Cli.Tests;

/// <summary>The QR reader behind <c>--qr FILE</c>: what QRCoder writes it reads back; anything else is <c>qrUnreadable</c>.</summary>
[TestClass]
public sealed class QrImageReaderTests
{
    // A valid 1x1 PNG: an image, but no QR code in it.
    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

    [TestMethod]
    [DataRow("openid4vp://?client_id=decentralized_identifier%3Adid%3Aweb%3Aclinic.example&request_uri=https%3A%2F%2Fclinic.example%2Fr%2F1")]
    [DataRow("openid-credential-offer://?credential_offer=%7B%22credential_issuer%22%3A%22https%3A%2F%2Fhospital.example%2Ftenants%2Fh1%22%2C%22credential_configuration_ids%22%3A%5B%22PatientIdentityCredential_dc%2Bsd-jwt%22%5D%7D")]
    public void Decode_PngWrittenByQrCoder_ReturnsTheText(string text)
    {
        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);

        Assert.AreEqual(text, QrImageReader.Decode(new PngByteQRCode(code).GetGraphic(4)));
    }

    [TestMethod]
    public void Decode_ImageWithoutQrCode_Null() => Assert.IsNull(QrImageReader.Decode(Convert.FromBase64String(OnePixelPng)));

    [TestMethod]
    public void Read_NotAnImage_QrUnreadable()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "openid4vp://?client_id=x");

        var error = Assert.ThrowsExactly<CliException>(() => QrImageReader.Read(file));

        Assert.AreEqual(ErrorCodes.QrUnreadable, error.Code);
    }

    [TestMethod]
    public async Task Respond_QrWithoutCode_OneLineError()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("identity-qr-").FullName, "blank.png");
        await File.WriteAllBytesAsync(file, Convert.FromBase64String(OnePixelPng));

        (await Cli.RunAsync("wallet", "respond", "--qr", file)).AssertFailure(ErrorCodes.QrUnreadable);
    }
}
