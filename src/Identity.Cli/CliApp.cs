using System.CommandLine;
using System.CommandLine.Help;
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
        // A plain command named "identity" rather than RootCommand, whose name is the executable's ("Identity.Cli").
        var root = new Command("identity", "identity: a patient's wallet, a provider's verifier and an operator's tool for the Identity service")
        {
            new HelpOption(),
            new VersionOption(),
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
            AuditCommand.Create(context),
            DeviceCommands.Create(context),
        };

        var parse = root.Parse(args);
        context.Json = parse.Errors.Count == 0 ? parse.GetValue(json) : args.Contains("--json", StringComparer.Ordinal);
        if (parse.Errors.Count > 0)
        {
            // Usage mistakes: the errors and where to look, on standard error only (standard output stays empty).
            var command = string.Join(' ', ["identity", .. CommandPath(parse.CommandResult)]);
            Report(context, ErrorCodes.InvalidRequest, $"{string.Join(" ", parse.Errors.Select(e => e.Message))} See '{command} --help'.");
            return 2;
        }

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

    // Errors go to standard error, as JSON with --json; the hint, when there is one, names the option or setting to change.
    private static void Report(CliContext context, string code, string message)
    {
        var hint = Hints.For(code);
        if (context.Json)
        {
            var error = new JsonObject { ["code"] = code, ["detail"] = message };
            if (hint is not null)
            {
                error["hint"] = hint;
            }

            CliContext.WriteJson(context.Error, new JsonObject { ["error"] = error });
        }
        else
        {
            context.Error.WriteLine(hint is null ? $"error: {message} [{code}]" : $"error: {message} {hint} [{code}]");
        }
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current?.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Push(current.Command.Name);
        }

        return names;
    }
}
