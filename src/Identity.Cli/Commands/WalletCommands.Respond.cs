// References: OpenID for Verifiable Presentations 1.0 (final, 2025-07-09) §8.1 (vp_token: a JSON object from DCQL query
//   ids to arrays of presentations), §8.2 and §8.3 (direct_post, direct_post.jwt), Appendix B.3.6 (SD-JWT VC with a
//   Key Binding JWT whose aud is the client_id and nonce the request's), https://openid.net/specs/openid-4-verifiable-presentations-1_0.html ;
//   OpenID4VC HAIP 1.0 §5 (signed requests, DCQL, encrypted responses).
using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cli.OpenId4Vc;
using Identity.Cli.Wallet;
using Identity.Credentials.SdJwt;
using Identity.Primitives;
using Spectre.Console;

namespace Identity.Cli.Commands;

/// <summary><c>identity wallet respond</c>: answer an OpenID4VP 1.0 request, after showing the holder what it discloses.</summary>
internal static partial class WalletCommands
{
    private static Command Respond(CliContext context, Option<string?> wallet)
    {
        var link = new Argument<string?>("REQUEST") { Description = "The verifier's request link (openid4vp://?client_id=…&request_uri=…)", Arity = ArgumentArity.ZeroOrOne };
        var qr = new Option<string?>("--qr") { Description = "Read the request link from the QR code in this image (PNG, JPEG) instead" };
        var yes = new Option<bool>("--yes") { Description = "Send without asking (for scripts); what is disclosed is still printed" };
        var trustX509 = new Option<bool>("--trust-x509") { Description = "Accept an x509_hash: verifier whose certificate does not chain to a trusted root (e.g. self-signed)" };
        var command = new Command("respond", "Answer a verifier's OpenID4VP 1.0 request: show what it asks for, ask, and send only that") { link, qr, yes, trustX509 };
        command.SetAction(async (parse, ct) =>
        {
            var requestLink = LinkInput.Read(parse.GetValue(link), parse.GetValue(qr), "presentation request");
            var (_, data, _) = Open(context, parse.GetValue(wallet));
            using var http = new OpenIdHttp(context);
            using var local = new LocalVerification(context);
            var request = await AuthorizationRequest.ResolveAsync(requestLink, http, local.Resolver, parse.GetValue(trustX509), context.Time, ct);
            var selections = DcqlMatcher.Select(request.DcqlQuery, data);
            var encryption = request.ResponseMode == "direct_post.jwt" ? ResponseEncryption.From(request.ClientMetadata) : null;

            var disclosed = Disclosed(selections);
            ShowRequest(context, request, disclosed);
            if (!parse.GetValue(yes) && !Confirm(context))
            {
                throw new CliException(ErrorCodes.PresentationDeclined, "You declined; nothing was sent to the verifier.");
            }

            var vpToken = new JsonObject();
            foreach (var selection in selections)
            {
                using var key = data.OpenKey(selection.Held.WalletKey(data)!.PublicKeyMultibase);
                var presented = SdJwtWallet.Present(selection.Stored.Document, selection.Disclose, key, request.Nonce, request.ClientId, context.Time.GetUtcNow());
                vpToken[selection.QueryId] = new JsonArray(presented.IsSuccess ? presented.Value : throw new CliException(presented.Error!));
            }

            var answer = await PostResponseAsync(http, request, encryption, vpToken, ct);
            var body = answer.Json();
            context.Emit(
                new JsonObject
                {
                    ["verifier"] = request.ClientId, ["responseMode"] = request.ResponseMode, ["disclosed"] = disclosed,
                    ["status"] = (int)answer.Status, ["response"] = body,
                },
                () =>
                {
                    context.Output.WriteLine($"Sent to {request.VerifierName ?? request.ClientId} ({request.ResponseMode}): the verifier answered {(int)answer.Status}.");
                    if (CredentialOffer.Text(body?["redirect_uri"]) is { } redirect)
                    {
                        context.Output.WriteLine($"Continue at: {redirect}");
                    }
                });
            return 0;
        });
        return command;
    }

    private static JsonArray Disclosed(IReadOnlyList<DcqlSelection> selections) =>
    [
        .. selections.Select(s => (JsonNode)new JsonObject
        {
            ["query"] = s.QueryId, ["credential"] = s.Stored.Id, ["format"] = s.Held.Format, ["type"] = s.Held.Summary().Type, ["issuer"] = s.Held.Summary().Issuer,
            ["claims"] = new JsonObject([.. s.Claims.Select(c => KeyValuePair.Create(c.Path, c.Value?.DeepClone()))]),
        }),
    ];

    // The request and what answering it reveals, before the question (with --json it is in the result's "disclosed").
    private static void ShowRequest(CliContext context, AuthorizationRequest request, JsonArray disclosed)
    {
        if (context.Json)
        {
            return;
        }

        var writer = context.Output;
        writer.WriteLine($"Verifier: {(request.VerifierName is { } name ? $"\"{name}\" (self-declared) " : "")}{request.ClientId}");
        writer.WriteLine($"Request signed by: {request.SignedBy}");
        writer.WriteLine($"Answer goes to: {request.ResponseUri} ({request.ResponseMode}{(request.ResponseMode == "direct_post.jwt" ? ", encrypted" : ", not encrypted")})");
        writer.WriteLine("It will receive:");
        foreach (var item in disclosed.OfType<JsonObject>())
        {
            writer.WriteLine($"  {item["type"]} from {item["issuer"]} ({item["credential"]}):");
            var claims = item["claims"]!.AsObject();
            if (claims.Count == 0)
            {
                writer.WriteLine("    (no claims beyond the always-visible ones)");
            }

            foreach (var (path, value) in claims)
            {
                writer.WriteLine($"    {path}: {ClaimText.Format(value)}");
            }
        }
    }

    // A terminal is asked (default no); otherwise the first line of standard input must say yes. No answer is a no.
    private static bool Confirm(CliContext context)
    {
        if (context.Interactive)
        {
            var prompter = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return prompter.Prompt(new ConfirmationPrompt("Send this to the verifier?") { DefaultValue = false });
        }

        if (!context.Json)
        {
            context.Output.WriteLine("Send this to the verifier? [y/N] (answer on standard input, or pass --yes)");
        }

        return context.Input.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    private static async Task<HttpAnswer> PostResponseAsync(OpenIdHttp http, AuthorizationRequest request, ResponseEncryption? encryption, JsonObject vpToken, CancellationToken ct)
    {
        List<KeyValuePair<string, string>> form = [];
        if (encryption is null)
        {
            form.Add(new("vp_token", vpToken.ToJsonString()));
            if (request.State is { } state)
            {
                form.Add(new("state", state));
            }
        }
        else
        {
            var payload = new JsonObject { ["vp_token"] = vpToken };
            if (request.State is { } state)
            {
                payload["state"] = state;
            }

            form.Add(new("response", encryption.Encrypt(payload)));
        }

        var answer = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, request.ResponseUri) { Content = OpenIdHttp.Form(form) }, ct);
        return answer.IsSuccess ? answer : throw new CliException(ErrorCodes.VerifierRefused, $"The verifier refused the presentation ({answer.OAuthError()}).");
    }
}
