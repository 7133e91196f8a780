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
    public void Decode_LargeNumericCodesAsHealthCardsPrintThem_EveryOneRead()
    {
        // Arrange: 60 shc:/ texts of 1,200 digits (QR version 22 to 23 at level M, the size of a small health card), from a
        // fixed seed. The finder-pattern detector alone missed 3 to 5 in 100 of these.
        var random = new Random(1);
        var texts = Enumerable.Range(0, 60).Select(_ => "shc:/" + string.Concat(Enumerable.Range(0, 1200).Select(_ => (char)('0' + random.Next(10))))).ToList();
        using var generator = new QRCodeGenerator();

        // Act
        var unread = texts.Where(text =>
        {
            using var code = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
            return QrImageReader.Decode(new PngByteQRCode(code).GetGraphic(5)) != text;
        }).Count();

        // Assert
        Assert.AreEqual(0, unread);
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
