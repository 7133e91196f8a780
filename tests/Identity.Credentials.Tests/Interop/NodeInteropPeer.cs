// Runs the Node reference peers in tests/interop (install: npm ci --prefix tests/interop).
using System.Diagnostics;
using System.Text.Json.Nodes;
using Identity.Testing;

namespace Identity.Credentials.Tests.Interop;

/// <summary>One Node peer script: JSON in on stdin, JSON out on stdout, offline, with a time limit.</summary>
internal static class NodeInteropPeer
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>node tests/interop/{script} {command}</c> with <paramref name="input"/> on stdin and returns its stdout.</summary>
    public static async Task<string> RunAsync(string script, string command, JsonObject input, CancellationToken cancellationToken)
    {
        string path = Require(script, out string node);
        var start = new ProcessStartInfo(node)
        {
            ArgumentList = { path, command },
            WorkingDirectory = Path.GetDirectoryName(path)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_timeout);
        try
        {
            Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input.ToJsonString().AsMemory(), timeout.Token);
            process.StandardInput.Close();
            string stdout = await output;
            string stderr = await errors;
            await process.WaitForExitAsync(timeout.Token);
            Assert.AreEqual(0, process.ExitCode, $"node {script} {command} failed: {stderr}");
            return stdout;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"node {script} {command} did not finish within {s_timeout.TotalSeconds} s.");
        }
    }

    /// <summary>The peer script's path; a missing node or npm install fails the test on CI (CI=true), else it is inconclusive.</summary>
    private static string Require(string script, out string node)
    {
        string interop = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop");
        string? found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
        string? problem =
            found is null ? "node is not on PATH"
            : !File.Exists(Path.Combine(interop, "node_modules", "@digitalbazaar", "eddsa-jcs-2022-cryptosuite", "package.json"))
              || !File.Exists(Path.Combine(interop, "node_modules", "@digitalbazaar", "vc", "package.json"))
                ? $"{interop}/node_modules is not installed"
            : null;
        if (problem is not null)
        {
            string message = $"The Node interop test cannot run: {problem}. Install Node 20+ and run `npm ci --prefix tests/interop`.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        node = found!;
        return Path.Combine(interop, script);
    }
}
