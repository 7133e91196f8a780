using Identity.Cli.Infrastructure;

namespace Identity.Cli;

/// <summary>The identity CLI: wallet, presentations, verification, DIDs and operator commands against the Identity service.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await CliApp.RunAsync(args, CliContext.ForProcess(), cancel.Token);
    }
}
