using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.Credentials.Presentations;
using Identity.Primitives;
using QRCoder;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity present</c>: a presentation of the chosen credentials, signed (eddsa-jcs-2022, authentication) for a
/// verifier's challenge; or, for one SD-JWT VC, the SD-JWT with only the <c>--disclose</c>d claims and a Key Binding JWT.
/// </summary>
internal static partial class PresentCommand
{
    /// <summary>Byte-mode capacity of a version-40 QR code at error-correction level L.</summary>
    private const int QrCapacity = 2953;

    public static Command Create(CliContext context)
    {
        var wallet = CommonOptions.Wallet();
        var challenge = new Option<string>("--challenge") { Description = "The verifier's challenge (POST /challenges)", Required = true };
        var domain = new Option<string>("--domain") { Description = "The verifier's domain, as given with the challenge", Required = true };
        var credentials = new Option<string[]>("--credential") { Description = "A credential id to include (repeatable; default: all Data Integrity credentials)", AllowMultipleArgumentsPerToken = true };
        var disclose = new Option<string[]>("--disclose")
        {
            Description = "For an SD-JWT VC (--credential ID): the claims to disclose, comma-separated or repeated (e.g. bloodType,givenName); the others stay hidden",
            AllowMultipleArgumentsPerToken = true,
        };
        var none = new Option<bool>("--no-credentials") { Description = "Present no credentials: a holder proof of this wallet's DID (what enrolment asks for)" };
        var output = new Option<string?>("--out") { Description = "Write the presentation to this file instead of standard output" };
        var qr = new Option<string?>("--qr") { Description = "Also write the presentation as a QR code PNG, when it fits" };
        var command = new Command("present", "Sign a presentation of wallet credentials for a verifier's challenge") { wallet, challenge, domain, credentials, disclose, none, output, qr };
        command.SetAction(parse =>
        {
            if (parse.GetValue(none) && parse.GetValue(credentials) is { Length: > 0 })
            {
                throw new CliException(ErrorCodes.InvalidRequest, "--no-credentials and --credential exclude each other.");
            }

            var claims = Claims(parse.GetValue(disclose));
            if (claims is not null && (parse.GetValue(none) || parse.GetValue(credentials) is not { Length: > 0 }))
            {
                throw new CliException(ErrorCodes.InvalidRequest, "--disclose chooses claims of one SD-JWT VC: name it with --credential ID.");
            }

            var (_, data, _) = WalletCommands.Open(context, parse.GetValue(wallet));
            var chosen = parse.GetValue(none) ? [] : Choose(data, parse.GetValue(credentials) ?? []);
            if (chosen.Any(c => c.IsSdJwt))
            {
                var request = new SdJwtRequest(parse.GetValue(challenge)!, parse.GetValue(domain)!, claims ?? [], parse.GetValue(output), parse.GetValue(qr));
                return PresentSdJwt(context, data, chosen, request);
            }

            if (claims is not null)
            {
                throw new CliException(ErrorCodes.InvalidOptions,
                    $"--disclose applies to SD-JWT VCs; {string.Join(", ", chosen.Select(c => c.Id))} {(chosen.Count == 1 ? "is a Data Integrity credential, which is" : "are Data Integrity credentials, which are")} presented whole.");
            }

            var holder = Holder(data, chosen);
            var publicKey = holder == data.Did ? data.Keys[0].PublicKeyMultibase : data.Registered.Single(r => r.Did == holder).PublicKeyMultibase;

            using var local = new LocalVerification(context);
            using var key = data.OpenKey(publicKey);
            var presentation = PresentationBuilder.Create(holder, chosen.Select(c => c.Parse()), "urn:uuid:" + Guid.NewGuid());
            var signed = PresentationBuilder.Sign(
                local.Proofs, presentation, key, $"{holder}#{publicKey}", parse.GetValue(challenge), parse.GetValue(domain), context.Time.GetUtcNow());
            if (!signed.IsSuccess)
            {
                throw new CliException(signed.Error!);
            }

            var text = signed.Value.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            var outFile = parse.GetValue(output);
            if (outFile is not null)
            {
                File.WriteAllText(outFile, text + "\n");
            }

            var qrNote = parse.GetValue(qr) is { } qrFile ? WriteQr(qrFile, signed.Value.ToJsonString()) : null;
            if (outFile is null && !context.Json)
            {
                context.Output.WriteLine(text);
            }
            else
            {
                context.Emit(
                    new JsonObject { ["holder"] = holder, ["credentials"] = chosen.Count, ["out"] = outFile, ["qr"] = qrNote, ["presentation"] = outFile is null ? signed.Value.DeepClone() : null },
                    () => context.Output.WriteLine($"Presentation by {holder} with {chosen.Count} credential(s) written to {outFile}"));
            }

            if (qrNote is not null && !context.Json)
            {
                context.Error.WriteLine(qrNote);
            }

            return 0;
        });
        return command;
    }

    private static List<StoredCredential> Choose(WalletData data, string[] ids)
    {
        // SD-JWT VCs are presented one at a time, by name: never swept into a Data Integrity presentation.
        if (ids.Length == 0)
        {
            return [.. data.Credentials.Where(c => !c.IsSdJwt)];
        }

        var missing = ids.Where(id => data.Credentials.All(c => c.Id != id)).ToList();
        return missing.Count == 0
            ? [.. data.Credentials.Where(c => ids.Contains(c.Id))]
            : throw new CliException(ErrorCodes.NotFound, $"The wallet holds no credential {string.Join(", ", missing)}.");
    }

    // The holder must be the subject of every credential (holder binding): the one wallet DID they all name.
    private static string Holder(WalletData data, List<StoredCredential> chosen)
    {
        var named = chosen.Select(c => CredentialSummary.Of(c.Parse()).Subjects.Intersect(data.Dids).FirstOrDefault()).Distinct().ToList();
        return named switch
        {
            [] => data.Did,
            [{ } single] => single,
            _ => throw new CliException(ErrorCodes.HolderMismatch,
                "The chosen credentials are addressed to different DIDs of this wallet; present them separately (--credential)."),
        };
    }

    private static string WriteQr(string file, string compact)
    {
        var bytes = Encoding.UTF8.GetByteCount(compact);
        if (bytes > QrCapacity)
        {
            return $"QR code not written: the presentation is {bytes} bytes and a QR code holds at most {QrCapacity}; use --out and send the file.";
        }

        using var generator = new QRCodeGenerator();
        using var code = generator.CreateQrCode(compact, QRCodeGenerator.ECCLevel.L);
        File.WriteAllBytes(file, new PngByteQRCode(code).GetGraphic(4));
        return $"QR code written to {file}";
    }
}
