// References: SoftHSM v2 (softhsm2-util --init-token; softhsm2.conf(5): directories.tokendir, SOFTHSM2_CONF),
//   https://github.com/softhsm/SoftHSMv2
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Identity.Testing;

/// <summary>
/// One SoftHSM v2 token for the whole test process: a configuration and token directory in a temporary directory
/// (named by <c>SOFTHSM2_CONF</c>, which the module reads when it is initialised), one token initialised with
/// <c>softhsm2-util</c> before any test loads the module. Tests share the token and create their own keys in it.
/// </summary>
/// <remarks>
/// When softhsm2 is missing the calling test is inconclusive with the command that installs it, and fails under
/// <c>CI=true</c>: a CI run never passes without the token tests. The directory is removed at process exit.
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
public static class SoftHsm
{
    /// <summary>The token's label.</summary>
    public const string TokenLabel = "identity-tests";

    /// <summary>The token's user PIN (a test token: the PIN guards nothing).</summary>
    public const string Pin = "84120731";

    private const string SecurityOfficerPin = "57730912";
    private static readonly string[] s_modules =
        ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"];

    private static readonly Lazy<string?> s_failure = new(Initialise);

    /// <summary>The module's path; the token is initialised by the time this returns.</summary>
    /// <exception cref="AssertInconclusiveException">softhsm2 is missing, outside CI.</exception>
    /// <exception cref="AssertFailedException">softhsm2 is missing under <c>CI=true</c>, or the token could not be made.</exception>
    public static string ModulePath
    {
        get
        {
            if (s_failure.Value is { } failure)
            {
                if (failure.StartsWith("missing:", StringComparison.Ordinal)
                    && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Inconclusive(failure);
                }

                Assert.Fail(failure);
            }

            return s_modules.First(File.Exists);
        }
    }

    private static string? Initialise()
    {
        if (!s_modules.Any(File.Exists) || FindUtil() is not { } util)
        {
            return "missing: softhsm2 is not installed; run `apt-get install -y softhsm2` (./test.sh installs it).";
        }

        var root = Path.Combine(Path.GetTempPath(), "identity-softhsm-" + Guid.NewGuid().ToString("N"));
        var tokens = Path.Combine(root, "tokens");
        Directory.CreateDirectory(tokens);
        var conf = Path.Combine(root, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        // The module reads the variable with getenv(3), which Environment.SetEnvironmentVariable does not reach on Unix.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (setenv("SOFTHSM2_CONF", conf, 1) != 0)
        {
            return "setenv(SOFTHSM2_CONF) failed.";
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };

        var start = new ProcessStartInfo(util) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--init-token", "--free", "--label", TokenLabel, "--so-pin", SecurityOfficerPin, "--pin", Pin })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SOFTHSM2_CONF"] = conf;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"softhsm2-util --init-token failed ({process.ExitCode}): {output}";
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);

    private static string? FindUtil() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, "softhsm2-util")).FirstOrDefault(File.Exists);
}
