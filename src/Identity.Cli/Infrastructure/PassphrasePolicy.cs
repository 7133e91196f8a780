// References: NIST SP 800-63B §5.1.1.2 (memorized secrets: minimum length, blocklists of common values),
//   https://pages.nist.gov/800-63-4/sp800-63b.html
using Identity.Primitives;

namespace Identity.Cli.Infrastructure;

/// <summary>
/// Whether a new wallet passphrase is worth having: the wallet file can be copied and attacked offline, so Argon2id's
/// cost only multiplies the guesses a passphrase already demands. Checked when a wallet is created, never when one is
/// opened (existing wallets keep working).
/// </summary>
internal static class PassphrasePolicy
{
    public const int MinimumLength = 12;
    private const int MinimumDistinct = 5;

    // Whole-passphrase matches (case and spaces ignored): the ones people pick first.
    private static readonly HashSet<string> s_common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "passwordpassword", "123456789012", "qwertyuiopas", "changemechangeme", "letmeinletmein",
        "iloveyou1234", "administrator", "passphrase12", "mypassphrase", "mywalletpassword", "walletpassword",
    };

    /// <summary>Throws <c>weakPassphrase</c> when <paramref name="passphrase"/> is too easy to guess; the message never quotes it.</summary>
    /// <exception cref="CliException">The passphrase is weak.</exception>
    public static void Check(string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var reason = passphrase.Length < MinimumLength ? $"it has {passphrase.Length} characters; at least {MinimumLength} are needed"
            : passphrase.Distinct().Count() < MinimumDistinct ? $"it uses fewer than {MinimumDistinct} different characters"
            : s_common.Contains(passphrase.Replace(" ", "", StringComparison.Ordinal)) ? "it is a commonly used password"
            : null;
        if (reason is not null)
        {
            throw new CliException(ErrorCodes.WeakPassphrase,
                $"The passphrase is too weak: {reason}. Choose a longer one (e.g. four unrelated words); nothing was written.");
        }
    }
}
