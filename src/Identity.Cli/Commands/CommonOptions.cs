using System.CommandLine;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>Options several commands share, and how their defaults come from the environment.</summary>
internal static class CommonOptions
{
    public static Option<string?> Wallet() => new("--wallet")
    {
        Description = "The wallet file (default: $IDENTITY_WALLET, else ~/.identity/wallet.json)",
        Recursive = true,
    };

    /// <summary>
    /// <c>--server</c>, defaulting to <c>$IDENTITY_SERVER</c>. A command that <paramref name="needsServer"/> fails with
    /// <c>serverRequired</c> when neither is given (in <see cref="ServerClient"/>, so that the error names the fix).
    /// </summary>
    public static Option<string?> Server(CliContext context, bool needsServer) => new("--server")
    {
        Description = needsServer
            ? "The Identity service's base URL, e.g. http://localhost:5080 (default: $IDENTITY_SERVER)"
            : "Use the Identity service at this URL (default: $IDENTITY_SERVER; neither: work locally)",
        DefaultValueFactory = _ => context.Environment("IDENTITY_SERVER") is { Length: > 0 } url ? url : null,
    };

    public static Option<string?> TenantKey() => new("--key")
    {
        Description = "The tenant's API key (default: $IDENTITY_TENANT_KEY)",
    };

    public static string WalletPath(CliContext context, string? option) =>
        option ?? context.Environment("IDENTITY_WALLET")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".identity", "wallet.json");

    public static string Required(CliContext context, string? value, string environmentVariable, string what)
    {
        var resolved = value ?? context.Environment(environmentVariable);
        return string.IsNullOrEmpty(resolved)
            ? throw new CliException(ErrorCodes.InvalidRequest, $"{what} is required (or set {environmentVariable}).")
            : resolved;
    }
}
