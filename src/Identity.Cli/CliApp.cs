using System.CommandLine;
using System.Text.Json.Nodes;
using Identity.Cli.Commands;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli;

/// <summary>
/// The <c>identity</c> command tree and its one error boundary: an expected failure is printed as one line
/// (<c>error: …</c> on standard error, or <c>{"error": {code, detail}}</c> with <c>--json</c>) and a non-zero exit code.
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable JSON output", Recursive = true };
        var root = new RootCommand("identity: a patient's wallet, a provider's verifier and an operator's tool for the Identity service")
        {
            json,
            WalletCommands.Create(context),
            PresentCommand.Create(context),
            VerifyCommand.Create(context),
            DidCommands.Create(context),
            OperatorCommands.Tenant(context),
            OperatorCommands.Issue(context),
            OperatorCommands.Revoke(context),
            OperatorCommands.Challenge(context),
            BiometricCommands.Enroll(context),
            BiometricCommands.Capture(context),
        };

        var parse = root.Parse(args);
        context.Json = parse.Errors.Count == 0 && parse.GetValue(json);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Output, Error = context.Error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (CliException e)
        {
            Report(context, e.Code, e.Message);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report(context, ErrorCodes.InternalError, $"A file operation failed: {e.Message}");
            return 1;
        }
    }

    private static void Report(CliContext context, string code, string message)
    {
        if (context.Json)
        {
            context.WriteJson(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["detail"] = message } });
        }
        else
        {
            context.Error.WriteLine($"error: {message} [{code}]");
        }
    }
}
