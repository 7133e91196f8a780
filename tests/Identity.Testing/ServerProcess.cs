using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;


namespace Identity.Testing;

/// <summary>
/// The built service as a real process on Kestrel, on a free loopback port, with its own data directory. Used where
/// an in-process test server is not enough: two services talking over did:web, the README walkthrough, replicas,
/// crashes, and the CLI (which talks HTTP only).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly bool _ownsDataDirectory;

    private ServerProcess(Process process, int port, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public int Port { get; }

    public string DataDirectory { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and waits until <c>/health</c> answers.</summary>
    /// <param name="environment">Settings (environment variables) on top of the data directory and public URL.</param>
    /// <param name="dataDirectory">An existing data directory to reuse (a restart); the caller keeps ownership of it.
    /// Null creates a fresh one, deleted on dispose.</param>
    /// <param name="port">The port to listen on (a restart on the same address); null picks a free one.</param>
    public static async Task<ServerProcess> StartAsync(IDictionary<string, string>? environment = null, string? dataDirectory = null, int? port = null)
    {
        bool ownsDataDirectory = dataDirectory is null;
        port ??= FreePort();
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "identity-proc-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["IDENTITY_DATA_DIR"] = dataDirectory;
        start.Environment["IDENTITY_PUBLIC_URL"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var server = new ServerProcess(new Process { StartInfo = start }, port.Value, dataDirectory, ownsDataDirectory);
        await server.StartAndWaitAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    private async Task StartAndWaitAsync(TimeSpan timeout)
    {
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilHealthyAsync(timeout);
    }

    /// <summary>
    /// Starts the server the way a newcomer does: <paramref name="command"/> (the README's, e.g. <c>dotnet run --project
    /// src/Identity.Server</c>) run by bash in <paramref name="workingDirectory"/>, with no <c>IDENTITY_*</c> setting in
    /// its environment; only the address is chosen (<c>ASPNETCORE_URLS</c>, a free loopback port). The data directory is
    /// the one the README names, <c>data</c> under the working directory. Waits for <c>/health</c> up to
    /// <paramref name="timeout"/> (the command may build first).
    /// </summary>
    public static async Task<ServerProcess> StartCommandAsync(string command, string workingDirectory, TimeSpan timeout)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("IDENTITY_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // No MSBuild or compiler server outlives the test.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        var server = new ServerProcess(new Process { StartInfo = start }, port, Path.Combine(workingDirectory, "data"), ownsDataDirectory: false);
        await server.StartAndWaitAsync(timeout);
        return server;
    }

    /// <summary>
    /// Runs the server until it exits by itself (a start it refuses), on <paramref name="urls"/>, in a fresh data
    /// directory unless <paramref name="environment"/> names one; fails the test if it is still running after 60 s.
    /// </summary>
    /// <returns>The exit code and everything it wrote to standard output and standard error.</returns>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IDictionary<string, string> environment, string urls)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(urls);
        start.Environment["IDENTITY_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "identity-start-" + Guid.NewGuid().ToString("N"));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The server did not exit within 60 s:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Kills the server with SIGKILL (no shutdown, no flush) and waits until it is gone; the data directory stays.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public static string ServerAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(TestVectors.RepositoryRoot, "src", "Identity.Server", "bin", configuration, "net10.0", "Identity.Server.dll");
        Assert.IsTrue(File.Exists(path), $"Build the server first: {path} is missing.");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync($"{BaseUrl}/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The server did not become healthy within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
