using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The service as an operator starts it: the shipped appsettings.json (no line per request at info, JSON console
/// logging on request), and failures they can fix (a busy address, a bad setting) as one line and exit code 2.
/// </summary>
[TestClass]
public sealed class StartupTests
{
    [TestMethod]
    public async Task Start_AddressInUse_ExitsWithOneLineNamingTheAddressAndTheFix()
    {
        // Arrange: another process already listens on the address.
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        int port = ((IPEndPoint)other.LocalEndpoint).Port;

        // Act
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string>(), $"http://127.0.0.1:{port}");

        // Assert
        Assert.AreEqual(2, exitCode, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var failure = lines.Single(l => l.StartsWith("identity: ", StringComparison.Ordinal));
        StringAssert.Contains(failure, $"127.0.0.1:{port}");
        StringAssert.Contains(failure, "address already in use");
        StringAssert.Contains(failure, "--urls");
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Exception", output);
    }

    [TestMethod]
    [DataRow("IDENTITY_STORAGE", "mongodb", "IDENTITY_STORAGE must be 'sqlite'")]
    [DataRow("IDENTITY_LOG_FORMAT", "xml", "IDENTITY_LOG_FORMAT must be 'text' (the default) or 'json'")]
    [DataRow("IDENTITY_MAX_REQUEST_BYTES", "lots", "IDENTITY_MAX_REQUEST_BYTES must be a whole number")]
    [DataRow("IDENTITY_PUBLIC_URL", "identity.example.org", "IDENTITY_PUBLIC_URL must be an http(s) origin")]
    [DataRow("IDENTITY_OID4VP_CA_CERT", "/nonexistent/ca.pem", "IDENTITY_OID4VP_CA_CERT and IDENTITY_OID4VP_CA_KEY must be set together")]
    public async Task Start_BadSetting_ExitsWithExactlyOneLine(string name, string value, string expected)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync(new Dictionary<string, string> { [name] = value }, "http://127.0.0.1:0");

        Assert.AreEqual(2, exitCode, output);
        Assert.AreEqual($"identity: {expected}", output.Trim()[..(expected.Length + 10)], output);
        Assert.HasCount(1, output.Split('\n', StringSplitOptions.RemoveEmptyEntries), output);
    }

    [TestMethod]
    public async Task Requests_AtDefaultLevels_AreNotLoggedOneByOne()
    {
        // Arrange
        await using var server = await ServerProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        int before = Lines(server.Output).Length;

        // Act: successes, a 404 and a 401.
        for (int i = 0; i < 20; i++)
        {
            (await client.GetAsync(new Uri("/health", UriKind.Relative))).Dispose();
        }

        (await client.GetAsync(new Uri("/no-such-page", UriKind.Relative))).Dispose();
        (await client.PostAsync(new Uri("/admin/tenants", UriKind.Relative), new StringContent("{}"))).Dispose();
        await Task.Delay(300);

        // Assert
        Assert.AreEqual(before, Lines(server.Output).Length, server.Output);
    }

    [TestMethod]
    public async Task LogFormatJson_EveryConsoleLineIsAJsonEvent()
    {
        // Arrange / Act
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["IDENTITY_LOG_FORMAT"] = "json" });
        await server.KillAsync();

        // Assert: the start's events (keys generated, default tenant, listening address), each one JSON object.
        var lines = Lines(server.Output);
        Assert.IsGreaterThanOrEqualTo(3, lines.Length, server.Output);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.IsTrue(json.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.IsTrue(json.RootElement.TryGetProperty("Category", out _), line);
            Assert.IsTrue(json.RootElement.TryGetProperty("Timestamp", out _), line);
        }

        Assert.IsTrue(lines.Any(l => l.Contains("Now listening on", StringComparison.Ordinal)), server.Output);
    }

    [TestMethod]
    public async Task OversizedChunkedBody_Gets413_AndNoStackTraceIsLogged()
    {
        // Arrange
        await using var server = await ServerProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var body = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024]));
        body.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = body };
        request.Headers.TransferEncodingChunked = true;

        // Act
        using var response = await client.SendAsync(request);
        await Task.Delay(300);

        // Assert
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "\"code\":\"payloadTooLarge\"");
        Assert.DoesNotContain("   at ", server.Output);
        Assert.DoesNotContain("Exception", server.Output);
    }

    [TestMethod]
    public async Task ClientGoneMidBody_NothingIsLoggedAsAFault()
    {
        // Arrange: clients that announce a body and close the connection halfway through it, as a load generator does
        // when its run ends.
        await using var server = await ServerProcess.StartAsync();
        var uri = new Uri(server.BaseUrl);

        // Act
        for (int i = 0; i < 20; i++)
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(uri.Host, uri.Port);
            var stream = tcp.GetStream();
            var head = System.Text.Encoding.ASCII.GetBytes(
                $"POST /presentations/verify HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{\"verifiablePresentation\": {{");
            await stream.WriteAsync(head);
            await stream.FlushAsync();
            await Task.Delay(20);
            tcp.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0); // a reset, not a polite close
        }

        using var client = new HttpClient { BaseAddress = uri };
        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        await Task.Delay(500);

        // Assert
        Assert.DoesNotContain("   at ", server.Output);
        Assert.DoesNotContain("fail:", server.Output);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
