using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;
using Spectre.Console;

namespace Identity.Cli.Infrastructure;

/// <summary>
/// Everything a command touches outside itself: output streams, standard input, the environment, the clock and the
/// HTTP handler. The real process passes the console's; tests pass their own and run commands in-process.
/// </summary>
internal sealed class CliContext
{
    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Whether a person can answer prompts (stdin is a terminal).</summary>
    public bool Interactive { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public HttpMessageHandler? HttpHandler { get; init; }

    public bool Json { get; set; }

    /// <summary>A Spectre console over <see cref="Output"/> for tables; plain text (no colour codes) when not a terminal.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    private IAnsiConsole? _console;

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Output),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Interactive)
        {
            // Redirected output (logs, CI, a pager) has no terminal width: 100 columns, wrapping long DIDs inside their cells.
            console.Profile.Width = 100;
        }

        return console;
    }

    public static CliContext ForProcess() => new()
    {
        Output = System.Console.Out,
        Error = System.Console.Error,
        Input = System.Console.In,
        Interactive = !System.Console.IsInputRedirected,
    };

    public void WriteJson(JsonNode node) => WriteJson(Output, node);

    public static void WriteJson(TextWriter writer, JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        writer.WriteLine(node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>A warning on standard error (with <c>--json</c> too: standard output stays the command's result).</summary>
    public void Warn(string message) => Error.WriteLine($"warning: {message}");

    /// <summary>Prints <paramref name="json"/> with <c>--json</c>, else runs <paramref name="human"/>.</summary>
    public void Emit(JsonNode json, Action human)
    {
        if (Json)
        {
            WriteJson(json);
        }
        else
        {
            human();
        }
    }

    /// <summary>
    /// The wallet passphrase: <c>IDENTITY_WALLET_PASSPHRASE</c>, else a prompt. A new one (<paramref name="confirm"/>) is
    /// asked twice and must pass <see cref="PassphrasePolicy"/>. A device file's comes from <c>IDENTITY_DEVICE_PASSPHRASE</c>
    /// (<paramref name="variable"/>, <paramref name="noun"/>).
    /// </summary>
    public string Passphrase(bool confirm, string variable = "IDENTITY_WALLET_PASSPHRASE", string noun = "wallet")
    {
        var fromEnvironment = Environment(variable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            if (confirm)
            {
                PassphrasePolicy.Check(fromEnvironment);
            }

            return fromEnvironment;
        }

        if (!Interactive)
        {
            throw new CliException(ErrorCodes.PassphraseRequired, $"The {noun} needs a passphrase: set {variable} or run in a terminal to be prompted.");
        }

        // Prompts go to the terminal's error stream so that stdout stays the command's result.
        var prompter = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) });
        var first = prompter.Prompt(new TextPrompt<string>(confirm ? $"New {noun} passphrase (at least {PassphrasePolicy.MinimumLength} characters):" : $"The {noun}'s passphrase:").Secret());
        if (confirm)
        {
            PassphrasePolicy.Check(first);
        }

        if (confirm && first != prompter.Prompt(new TextPrompt<string>("Repeat the passphrase:").Secret()))
        {
            throw new CliException(ErrorCodes.InvalidRequest, "The two passphrases differ; nothing was written.");
        }

        return first;
    }

    /// <summary>Reads a JSON object from a file, or standard input for <c>-</c>.</summary>
    public JsonObject ReadJsonObject(string file, string what) => ParseJsonObject(ReadText(file, what), file, what);

    /// <summary>Reads a file's text, or standard input for <c>-</c>.</summary>
    public string ReadText(string file, string what)
    {
        try
        {
            return file == "-" ? Input.ReadToEnd() : File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ErrorCodes.InvalidRequest, $"Cannot read {what} from {file}: {e.Message}");
        }
    }

    /// <summary>Parses text read from <paramref name="file"/> as one JSON object; <c>invalidJson</c> otherwise.</summary>
    public static JsonObject ParseJsonObject(string text, string file, string what)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) as JsonObject
                ?? throw new CliException(ErrorCodes.InvalidJson, $"The {what} in {file} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new CliException(ErrorCodes.InvalidJson, $"The {what} in {file} is not valid JSON: {e.Message}");
        }
    }
}
