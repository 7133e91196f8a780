using System.Diagnostics;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Testing;

namespace Identity.Cli.Tests;

/// <summary>The outcome of one CLI run: exit code, standard output and standard error.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public JsonObject Json => (JsonObject)JsonNode.Parse(Output)!;

    public CliRun AssertSuccess()
    {
        Assert.AreEqual(0, ExitCode, $"stdout:\n{Output}\nstderr:\n{Error}");
        return this;
    }

    /// <summary>Asserts a failure reported as exactly one line on standard error, naming the stable code.</summary>
    public CliRun AssertFailure(string code)
    {
        Assert.AreNotEqual(0, ExitCode, Output);
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1, lines.Length, Error);
        StringAssert.StartsWith(lines[0], "error: ");
        StringAssert.EndsWith(lines[0].TrimEnd('\r'), $"[{code}]");
        return this;
    }
}

/// <summary>Runs the CLI in-process (through <see cref="CliApp"/>) or as the built executable.</summary>
public static class Cli
{
    public const string Passphrase = "correct horse battery staple";

    internal static async Task<CliRun> RunAsync(IDictionary<string, string?> environment, string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext
        {
            Output = output,
            Error = error,
            Input = new StringReader(stdin ?? ""),
            Interactive = false,
            Environment = name => environment.TryGetValue(name, out var value) ? value : null,
        };
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(Env(), null, args);

    public static Dictionary<string, string?> Env(string? passphrase = Passphrase, bool loopback = false) => new()
    {
        ["IDENTITY_WALLET_PASSPHRASE"] = passphrase,
        ["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = loopback ? "1" : null,
    };

    /// <summary>The built CLI (same configuration as this test assembly).</summary>
    public static string Dll => Path.Combine(TestVectors.RepositoryRoot, "src", "Identity.Cli", "bin", Configuration, "net10.0", "Identity.Cli.dll");

    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>Runs the built executable with <paramref name="environment"/> added to this process's environment.</summary>
    public static async Task<CliRun> RunProcessAsync(IDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
