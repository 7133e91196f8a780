using Identity.Primitives;

namespace Identity.Cli.Infrastructure;

/// <summary>
/// An expected failure of a command (a wrong passphrase, a refused credential, a server problem): the entry point
/// prints it as one line, or as JSON with <c>--json</c>, and exits with <see cref="ExitCode"/>. Messages never carry secrets.
/// </summary>
internal sealed class CliException(string code, string message, int exitCode = 1) : Exception(message)
{
    public CliException(Error error)
        : this(error.Code, error.Detail)
    {
    }

    public string Code { get; } = code;

    public int ExitCode { get; } = exitCode;
}
