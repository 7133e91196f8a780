using System.Diagnostics;
using System.Text.RegularExpressions;
using Identity.Testing;

namespace Identity.Cli.Tests;

/// <summary>
/// The README's install block, run verbatim from the repository root: it packs the tool and installs it globally
/// (into a scratch .NET home, so the test leaves the user's tools alone; the tool's own store lives there too),
/// and the installed command answers as <c>identity</c>.
/// </summary>
[TestClass]
public sealed partial class InstallTests
{
    [TestMethod]
    [Timeout(12 * 60 * 1000, CooperativeCancellation = true)]
    public async Task ReadmeInstall_AsWritten_InstallsACommandNamedIdentity()
    {
        // Arrange
        var readme = await File.ReadAllTextAsync(Path.Combine(TestVectors.RepositoryRoot, "README.md"));
        var block = InstallBlock().Match(readme);
        Assert.IsTrue(block.Success, "README.md has no cli-install block between its markers.");
        var home = Directory.CreateTempSubdirectory("identity-tool-home-").FullName;
        try
        {
            // Act
            var install = await RunAsync("bash", ["-euo", "pipefail", "-c", block.Groups["script"].Value], home);
            var help = await RunAsync(Path.Combine(home, ".dotnet", "tools", "identity"), ["--help"], home);

            // Assert
            Assert.AreEqual(0, install.ExitCode, install.Output);
            Assert.AreEqual(0, help.ExitCode, help.Output);
            StringAssert.Contains(help.Output, "identity [command] [options]");
            StringAssert.Contains(help.Output, "wallet");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, string home)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = TestVectors.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_HOME"] = home;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("<!-- cli-install:start -->\\s*```sh\\n(?<script>.*?)```\\s*<!-- cli-install:end -->", RegexOptions.Singleline)]
    private static partial Regex InstallBlock();
}
