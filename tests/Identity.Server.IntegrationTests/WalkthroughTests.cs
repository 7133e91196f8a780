using System.Diagnostics;
using System.Text.RegularExpressions;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>The README's curl walkthrough, run verbatim with bash against a real server process.</summary>
[TestClass]
public sealed partial class WalkthroughTests
{
    [TestMethod]
    public async Task ReadmeWalkthrough_RunsVerbatim_AndEndsWithCredentialRevoked()
    {
        // Arrange: the block between the walkthrough markers, and a fresh server on its generated secrets.
        var readme = await File.ReadAllTextAsync(Path.Combine(TestVectors.RepositoryRoot, "README.md"));
        var block = WalkthroughBlock().Match(readme);
        Assert.IsTrue(block.Success, "README.md has no walkthrough block between its markers.");
        await using var server = await ServerProcess.StartAsync();
        var workDirectory = Directory.CreateTempSubdirectory("identity-walkthrough-").FullName;

        // Act
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", block.Groups["script"].Value])
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["BASE"] = server.BaseUrl;
        start.Environment["IDENTITY_DATA_DIR"] = server.DataDirectory;
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        var output = await stdout;

        // Assert
        try
        {
            Assert.AreEqual(0, bash.ExitCode, $"{output}\n{await stderr}\n{server.Output}");
            StringAssert.Contains(output, "\"did\": \"did:web:127.0.0.1%3A" + server.Port + ":tenants:st-marys\"");
            StringAssert.Contains(output, "\"verified\": true");
            StringAssert.Contains(output, "credentialStatus: passed");
            StringAssert.Contains(output, "HTTP 422");
            StringAssert.Contains(output, "\"code\": \"credentialRevoked\"");
            StringAssert.Contains(output, "\"verified\": false");
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [GeneratedRegex("<!-- walkthrough:start -->\\s*```sh\\n(?<script>.*?)```\\s*<!-- walkthrough:end -->", RegexOptions.Singleline)]
    private static partial Regex WalkthroughBlock();
}
