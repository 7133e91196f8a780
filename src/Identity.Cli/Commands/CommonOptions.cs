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

    public static Option<string?> Server(bool required) => new("--server")
    {
        Description = "The Identity service's base URL, e.g. http://localhost:5080",
        Required = required,
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
