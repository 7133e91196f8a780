using System.Diagnostics;
using System.Text.RegularExpressions;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The README's front door as a newcomer meets it: in a scratch copy of the repository (committed to its own git
/// repository), the README's service command run verbatim from the root with no settings, then the curl walkthrough
/// run verbatim beside it; afterwards git sees no new file (secrets stay in the ignored <c>data/</c>).
/// </summary>
[TestClass]
public sealed partial class WalkthroughTests
{
    private static readonly TimeSpan s_buildAndStart = TimeSpan.FromMinutes(8);

    [TestMethod]
    [Timeout(12 * 60 * 1000, CooperativeCancellation = true)]
    public async Task ReadmeCommands_FromAFreshCopyWithDefaults_RunVerbatimAndLeaveGitClean()
    {
        // Arrange: a copy of the working tree as git would clone it (tracked and unignored files), committed.
        var readme = await File.ReadAllTextAsync(Path.Combine(TestVectors.RepositoryRoot, "README.md"));
        var serviceCommand = Block(readme, "service");
        var walkthrough = Block(readme, "walkthrough");
        var clone = Directory.CreateTempSubdirectory("identity-clone-").FullName;
        try
        {
            await CopyWorkingTreeAsync(TestVectors.RepositoryRoot, clone);
            await RunAsync(clone, "git", "init", "-q");
            await RunAsync(clone, "git", "add", "-A");
            await RunAsync(clone, "git", "-c", "user.name=walkthrough", "-c", "user.email=walkthrough@localhost", "commit", "-qm", "clone");

            // Act: the service command as printed (it builds first), then the walkthrough with only BASE set.
            await using var server = await ServerProcess.StartCommandAsync(serviceCommand, clone, s_buildAndStart);
            var (exitCode, output, errors) = await RunWalkthroughAsync(walkthrough, clone, server.BaseUrl, dataDirectory: null);
            var untracked = (await RunAsync(clone, "git", "status", "--porcelain", "--untracked-files=all")).Trim();

            // Assert
            Assert.AreEqual(0, exitCode, $"{output}\n{errors}\n{server.Output}");
            StringAssert.Contains(output, "\"did\": \"did:web:127.0.0.1%3A" + server.Port + ":tenants:st-marys\"");
            StringAssert.Contains(output, "\"verified\": true");
            StringAssert.Contains(output, "credentialStatus: passed");
            StringAssert.Contains(errors, "HTTP 422");
            StringAssert.Contains(output, "\"code\": \"credentialRevoked\"");
            StringAssert.Contains(output, "\"verified\": false");
            Assert.IsTrue(File.Exists(Path.Combine(clone, "data", "admin.key")), "The service keeps its data under ./data at the root.");
            Assert.IsFalse(Directory.Exists(Path.Combine(clone, "src", "Identity.Server", "data")), "No data directory under the project.");
            Assert.AreEqual(string.Empty, untracked, "The service and the walkthrough left files git would pick up.");
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }

    [TestMethod]
    public async Task ReadmeWalkthrough_WrongAdminKey_StopsWithTheProblemOnStandardError()
    {
        // Arrange: a running server, and a data directory whose admin.key is not the server's.
        var walkthrough = Block(await File.ReadAllTextAsync(Path.Combine(TestVectors.RepositoryRoot, "README.md")), "walkthrough");
        await using var server = await ServerProcess.StartAsync();
        var work = Directory.CreateTempSubdirectory("identity-walkthrough-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "admin.key"), "not-the-admin-key-of-this-server");

            // Act
            var (exitCode, output, errors) = await RunWalkthroughAsync(walkthrough, work, server.BaseUrl, dataDirectory: work);

            // Assert: the first call fails, saying why, and the script stops there.
            Assert.AreNotEqual(0, exitCode, output);
            StringAssert.Contains(errors, "\"code\":\"unauthorized\"");
            StringAssert.Contains(errors, "401");
            Assert.DoesNotContain("verified", output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Block(string readme, string name)
    {
        var match = Regex.Match(readme, $"<!-- {name}:start -->\\s*```sh\\n(?<script>.*?)```\\s*<!-- {name}:end -->", RegexOptions.Singleline);
        Assert.IsTrue(match.Success, $"README.md has no {name} block between its markers.");
        return match.Groups["script"].Value;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunWalkthroughAsync(
        string script, string workingDirectory, string baseUrl, string? dataDirectory)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("IDENTITY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["BASE"] = baseUrl;
        if (dataDirectory is not null)
        {
            start.Environment["IDENTITY_DATA_DIR"] = dataDirectory;
        }

        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return (bash.ExitCode, await stdout, await stderr);
    }

    // What a clone would hold: tracked files plus new files not yet committed, never ignored ones (bin/, data/, node_modules/).
    private static async Task CopyWorkingTreeAsync(string repository, string destination)
    {
        var files = (await RunAsync(repository, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"))
            .Split('\0', StringSplitOptions.RemoveEmptyEntries);
        foreach (var file in files.Where(f => File.Exists(Path.Combine(repository, f))))
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(repository, file), target);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, File.GetUnixFileMode(Path.Combine(repository, file)));
            }
        }
    }

    private static async Task<string> RunAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.AreEqual(0, process.ExitCode, $"{fileName} {string.Join(' ', arguments)}: {await stderr}");
        return await stdout;
    }
}
