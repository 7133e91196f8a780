// Runs the independent OpenID4VC peers in tests/interop (oid4vc-peer-issuer.mjs, oid4vc-peer-verifier.mjs), built from
// the OWF @openid4vc/* 0.4.6 libraries (install: npm ci --prefix tests/interop).
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Identity.Testing;

namespace Identity.Cli.Tests;

/// <summary>One peer server process on loopback; disposing closes its standard input, on which it exits.</summary>
internal sealed class Oid4vcPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private Oid4vcPeer(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<Oid4vcPeer> StartAsync(string script, IDictionary<string, string>? environment = null)
    {
        var node = RequireNode();
        var interop = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop");
        var start = new ProcessStartInfo(node)
        {
            ArgumentList = { Path.Combine(interop, script) },
            WorkingDirectory = interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line is null || JsonNode.Parse(line)?["base"]?.GetValue<string>() is not { } baseUrl)
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"node {script} did not start: {error}");
        }

        return new Oid4vcPeer(process, baseUrl);
    }

    public async Task<JsonObject> PostAsync(string path, JsonObject body)
    {
        using var response = await _http.PostAsJsonAsync(BaseUrl + path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.IsTrue(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await _http.GetStringAsync(BaseUrl + path))!;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    // A missing node or npm install fails the test on CI (CI=true), else it is inconclusive.
    private static string RequireNode()
    {
        var interop = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop");
        var node = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, OperatingSystem.IsWindows() ? "node.exe" : "node"))
            .FirstOrDefault(File.Exists);
        var problem = node is null ? "node is not on PATH"
            : !File.Exists(Path.Combine(interop, "node_modules", "@openid4vc", "openid4vp", "package.json")) ? $"{interop}/node_modules is not installed"
            : null;
        if (problem is not null)
        {
            var message = $"The OpenID4VC peer cannot run: {problem}. Install Node 20+ and run `npm ci --prefix tests/interop`.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        return node!;
    }
}
