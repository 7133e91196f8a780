using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Credentials.Verification;
using Identity.Primitives;
using Spectre.Console;

namespace Identity.Cli.Commands;

/// <summary><c>identity verify</c>: a credential or presentation, locally or through a server, as a table of checks; exit 0 only when verified.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The credential or presentation (JSON, or a compact token: SD-JWT, vc+jwt, vp+jwt), or - for standard input" };
        var server = CommonOptions.Server(context, needsServer: false);
        server.Description = "Verify through this service (POST /credentials/verify or /presentations/verify) instead of locally";
        var challenge = new Option<string?>("--challenge") { Description = "The challenge the presentation's proof must carry" };
        var domain = new Option<string?>("--domain") { Description = "The domain the presentation's proof must carry" };
        var biometric = new Option<string?>("--biometric") { Description = "A fresh biometric capture (JSON) for the server to match (needs --server)" };
        var command = new Command("verify", "Verify a credential or a presentation and print every check") { file, server, challenge, domain, biometric };
        command.SetAction(async (parse, ct) =>
        {
            var text = context.ReadText(parse.GetValue(file)!, "document");
            var token = CompactToken.TryRead(text);
            JsonNode document = token is null ? CliContext.ParseJsonObject(text, parse.GetValue(file)!, "document") : JsonValue.Create(token.Text);
            var isPresentation = token?.IsPresentation ?? IsPresentationJson((JsonObject)document);
            var biometricFile = parse.GetValue(biometric);
            if (biometricFile is not null && parse.GetValue(server) is null)
            {
                throw new CliException(ErrorCodes.InvalidRequest, "--biometric is matched by the service: give --server too.");
            }

            Verdict verdict;
            if (parse.GetValue(server) is { } url)
            {
                var options = new JsonObject();
                if (parse.GetValue(challenge) is { } c)
                {
                    options["challenge"] = c;
                }

                if (parse.GetValue(domain) is { } d)
                {
                    options["domain"] = d;
                }

                if (biometricFile is not null)
                {
                    options["biometric"] = context.ReadJsonObject(biometricFile, "biometric capture");
                }

                var body = new JsonObject { [isPresentation ? "verifiablePresentation" : "verifiableCredential"] = document, ["options"] = options };
                using var client = new ServerClient(url, context);
                var (_, result) = await client.PostAsync(isPresentation ? "presentations/verify" : "credentials/verify", body, null, ct, 422);
                verdict = Verdict.From(result);
            }
            else
            {
                using var local = new LocalVerification(context);
                var options = new VerificationOptions { Challenge = parse.GetValue(challenge), Domain = parse.GetValue(domain) };
                var result = (token, isPresentation) switch
                {
                    ({ } t, true) => await local.Jose.VerifyPresentationAsync(t.Text, options, ct),
                    ({ } t, false) => await local.Jose.VerifyCredentialAsync(t.Text, options, ct),
                    (null, true) => await local.Verifier.VerifyPresentationAsync(document, options, ct),
                    (null, false) => await local.Verifier.VerifyCredentialAsync(document, options, ct),
                };
                verdict = Verdict.From(result.ToJson());
            }

            context.Emit(verdict.Json, () => Print(context, verdict, isPresentation));
            return verdict.Verified ? 0 : 1;
        });
        return command;
    }

    private static bool IsPresentationJson(JsonObject document) => document["type"] is JsonArray types
        ? types.Any(t => t?.GetValueKind() == System.Text.Json.JsonValueKind.String && t.GetValue<string>() == "VerifiablePresentation")
        : document["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && document["type"]!.GetValue<string>() == "VerifiablePresentation";

    private static void Print(CliContext context, Verdict verdict, bool isPresentation)
    {
        var table = new Table().AddColumns("check", "target", "status", "detail");
        foreach (var check in (verdict.Json["checks"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var detail = check["code"] is { } code ? $"{code}: {check["detail"]}" : check["detail"]?.ToString() ?? "";
            // Text, not markup: DIDs such as did:key:… must not be read as emoji codes.
            table.AddRow(new Text(check["check"]?.ToString() ?? ""), new Text(check["target"]?.ToString() ?? ""),
                new Text(check["status"]?.ToString() ?? ""), new Text(detail));
        }

        context.Console.Write(table);
        var what = isPresentation ? "presentation" : "credential";
        context.Output.WriteLine(verdict.Verified
            ? $"verified: the {what} passed every check"
            : $"not verified: {string.Join(", ", verdict.FailedChecks.Select(c => $"{c["check"]} ({c["code"]})").Distinct())}");
    }
}
