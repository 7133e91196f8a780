using Identity.Server.Security;
using Microsoft.AspNetCore.Connections;

namespace Identity.Server.Configuration;

/// <summary>
/// Turns the failures an operator causes at start (a bad setting, a weak or wrong key, an address already in use)
/// into one line on standard error and exit code 2, instead of an unhandled-exception trace. Anything else is a fault
/// of the service and keeps its trace.
/// </summary>
internal static class StartupFailures
{
    public const int ExitCode = 2;

    /// <summary>The operator's one-line explanation of <paramref name="exception"/>, or null when it is not theirs to fix.</summary>
    public static string? Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SettingsException or WeakAdminKeyException:
                    return e.Message;
                case IOException { InnerException: AddressInUseException } io:
                    // Kestrel's message names the address: "Failed to bind to address http://127.0.0.1:5080: address already in use."
                    return $"{io.Message.TrimEnd('.')}. Stop the process using it, or choose another address with --urls (e.g. --urls http://localhost:5081).";
                case AggregateException { InnerExceptions.Count: 1 }:
                    continue;
            }
        }

        return null;
    }

    /// <summary>The operator's one-line explanation of what <paramref name="check"/> threw, or null when it succeeded.</summary>
    public static string? Describe(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            check();
            return null;
        }
        catch (Exception e) when (Describe(e) is { } line)
        {
            return line;
        }
    }

    /// <summary>
    /// Runs <paramref name="start"/>; an operator's failure is printed as one line and becomes exit code 2. Hosted in
    /// another program (WebApplicationFactory in the integration tests), the exception goes on to that host.
    /// </summary>
    public static int Run(Action start)
    {
        ArgumentNullException.ThrowIfNull(start);
        try
        {
            start();
            return 0;
        }
        catch (Exception e) when (IsOwnProcess && Describe(e) is { } line)
        {
            Console.Error.WriteLine($"identity: {line}");
            return ExitCode;
        }
    }

    private static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailures).Assembly;
}
