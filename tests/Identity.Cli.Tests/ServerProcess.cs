using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Identity.Testing;

namespace Identity.Cli.Tests;

/// <summary>The built service as a real process on a free loopback port with its own data directory: the CLI talks HTTP only.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminKey = "cli-test-admin-key-2b7f";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, int port, string dataDirectory)
    {
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
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

    public static async Task<ServerProcess> StartAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var dataDirectory = Directory.CreateTempSubdirectory("identity-cli-server-").FullName;
        var dll = Path.Combine(TestVectors.RepositoryRoot, "src", "Identity.Server", "bin", Cli.Configuration, "net10.0", "Identity.Server.dll");
        Assert.IsTrue(File.Exists(dll), $"Build the server first: {dll} is missing.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["IDENTITY_DATA_DIR"] = dataDirectory;
        start.Environment["IDENTITY_PUBLIC_URL"] = $"http://127.0.0.1:{port}";
        start.Environment["IDENTITY_ADMIN_KEY"] = AdminKey;
        start.Environment["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1";
        start.Environment["IDENTITY_VERIFY_RATE_LIMIT"] = "0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, port, dataDirectory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            Assert.IsFalse(_process.HasExited, $"The server exited:\n{Output}");
            try
            {
                using var response = await client.GetAsync($"{BaseUrl}/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }

        Assert.Fail($"The server did not become healthy within 60 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
