using Identity.Primitives;

namespace Identity.Cli.Infrastructure;

/// <summary>The fix to try for an error code whose message alone leaves the user guessing which setting to change.</summary>
internal static class Hints
{
    public static string? For(string code) => code switch
    {
        ErrorCodes.AddressNotAllowed =>
            "The credential names a local or private address. Verify through the service with --server URL (or set IDENTITY_SERVER), " +
            "or, for a local setup, allow loopback with IDENTITY_DID_WEB_ALLOW_LOOPBACK=1.",
        ErrorCodes.ServerUnreachable => "Is the service running at that address? Check --server or IDENTITY_SERVER.",
        ErrorCodes.ServerRequired => "Pass --server URL (e.g. --server http://localhost:5080) or set IDENTITY_SERVER.",
        ErrorCodes.Unauthorized =>
            "Check the key: --key or IDENTITY_TENANT_KEY for a tenant's calls, --admin-key or IDENTITY_ADMIN_KEY for the operator's.",
        ErrorCodes.WrongPassphrase => "Check IDENTITY_WALLET_PASSPHRASE, or unset it to be prompted.",
        _ => null,
    };
}
