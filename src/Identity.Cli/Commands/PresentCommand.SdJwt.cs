// References: RFC 9901 (SD-JWT) §4.3 Key Binding JWT and §6 Presenting, https://www.rfc-editor.org/rfc/rfc9901
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.Wallet;
using Identity.Credentials.SdJwt;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary><c>identity present --credential ID --disclose a,b</c> for an SD-JWT VC: selective disclosure with Key Binding.</summary>
internal static partial class PresentCommand
{
    // The claim names given with --disclose (comma-separated and/or repeated), or null when none were given.
    private static List<string>? Claims(string[]? values)
    {
        var names = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? null : names;
    }

    // Builds <issuer JWS>~<chosen disclosures>~<KB-JWT>: the KB-JWT's nonce is the challenge and its aud the domain,
    // signed by the wallet key that the credential's cnf names. Disclosures not chosen never leave the wallet.
    private static int PresentSdJwt(CliContext context, WalletData data, List<StoredCredential> chosen, SdJwtRequest request)
    {
        if (chosen is not [var stored])
        {
            throw new CliException(ErrorCodes.InvalidRequest,
                $"An SD-JWT VC is presented on its own: give exactly one --credential ({string.Join(", ", chosen.Where(c => c.IsSdJwt).Select(c => c.Id))} is an SD-JWT VC).");
        }

        var parsed = SdJwtCredential.Parse(stored.Document);
        if (!parsed.IsSuccess)
        {
            throw new CliException(ErrorCodes.WalletCorrupted, $"The wallet's SD-JWT VC {stored.Id} cannot be read: {parsed.Error!.Detail}");
        }

        var held = parsed.Value;
        var unknown = request.Disclose.Where(name => !held.DisclosablePaths.Any(p => p == name || IsInside(p, name))).ToList();
        if (unknown.Count > 0)
        {
            var offered = held.DisclosablePaths.Count == 0 ? "it has no selectively disclosable claims" : "it can disclose " + string.Join(", ", held.DisclosablePaths);
            throw new CliException(ErrorCodes.InvalidOptions, $"{stored.Id} has no selectively disclosable claim {string.Join(", ", unknown.Select(u => $"'{u}'"))}; {offered}.");
        }

        var walletKey = held.WalletKey(data) ?? throw new CliException(ErrorCodes.InvalidRequest,
            $"{stored.Id} binds no key of this wallet (cnf), so no Key Binding JWT can be made; a verifier requires one.");
        string presentation;
        using (var key = data.OpenKey(walletKey.PublicKeyMultibase))
        {
            var presented = SdJwtWallet.Present(held.Token, request.Disclose, key, request.Challenge, request.Domain, context.Time.GetUtcNow());
            presentation = presented.IsSuccess ? presented.Value : throw new CliException(presented.Error!);
        }

        if (request.Out is not null)
        {
            File.WriteAllText(request.Out, presentation + "\n");
        }

        var qrNote = request.Qr is { } qrFile ? WriteQr(qrFile, presentation) : null;
        if (request.Out is null && !context.Json)
        {
            context.Output.WriteLine(presentation);
        }
        else
        {
            context.Emit(
                new JsonObject
                {
                    ["credential"] = stored.Id, ["format"] = stored.Format, ["holderKey"] = walletKey.PublicKeyMultibase,
                    ["disclosed"] = new JsonArray([.. request.Disclose.Select(d => (JsonNode)d)]), ["out"] = request.Out, ["qr"] = qrNote,
                    ["presentation"] = request.Out is null ? presentation : null,
                },
                () => context.Output.WriteLine(
                    $"SD-JWT presentation of {stored.Id} disclosing {(request.Disclose.Count == 0 ? "no optional claims" : string.Join(", ", request.Disclose))} written to {request.Out}"));
        }

        if (qrNote is not null && !context.Json)
        {
            context.Error.WriteLine(qrNote);
        }

        return 0;
    }

    // True when `path` lies strictly inside `container` (a.b inside a; a[0] inside a): naming an object discloses its parts.
    private static bool IsInside(string path, string container) =>
        path.Length > container.Length && path.StartsWith(container, StringComparison.Ordinal) && path[container.Length] is '.' or '[';

    /// <summary>What the verifier asked for and where the presentation goes.</summary>
    private sealed record SdJwtRequest(string Challenge, string Domain, IReadOnlyList<string> Disclose, string? Out, string? Qr);
}
