using Identity.Cli.Infrastructure;
using Identity.Cli.Qr;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>An offer or request link given either as the argument or as a QR code in an image (<c>--qr FILE</c>).</summary>
internal static class LinkInput
{
    public static string Read(string? link, string? qrFile, string what) => (link, qrFile) switch
    {
        (null, null) => throw new CliException(ErrorCodes.InvalidRequest, $"Give the {what} link, or an image of its QR code with --qr FILE."),
        ({ }, { }) => throw new CliException(ErrorCodes.InvalidRequest, $"Give the {what} link or --qr FILE, not both."),
        (null, { } file) => QrImageReader.Read(file).Trim(),
        ({ } text, null) => text.Trim(),
    };
}
