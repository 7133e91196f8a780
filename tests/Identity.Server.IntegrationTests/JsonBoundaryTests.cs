using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The JSON boundary: bytes that are not well-formed UTF-8, and lone surrogates (raw or escaped) in member names or
/// values, are 400 invalidJson at every endpoint that reads JSON; client errors never put a stack trace in the log.
/// </summary>
[TestClass]
public sealed class JsonBoundaryTests
{
    private static readonly Dictionary<string, byte[]> s_badBodies = new()
    {
        ["0xFF in a value"] = Bytes("{\"verifiableCredential\": {\"id\": \"urn:x", [0xFF], "\"}, \"credential\": {}}"),
        ["truncated sequence in a name"] = Bytes("{\"verifiableCredential\": {\"i", [0xC3], "\": 1}}"),
        ["raw surrogate (CESU-8)"] = Bytes("{\"verifiableCredential\": {\"id\": \"", [0xED, 0xA0, 0x80], "\"}}"),
        ["overlong encoding"] = Bytes("{\"verifiableCredential\": {\"id\": \"", [0xC0, 0xAF], "\"}}"),
        ["escaped lone high surrogate in a value"] = Encoding.UTF8.GetBytes("{\"verifiableCredential\": {\"id\": \"\\ud800\"}, \"credential\": {\"id\": \"\\ud800\"}}"),
        ["escaped lone low surrogate in a name"] = Encoding.UTF8.GetBytes("{\"verifiableCredential\": {\"\\udc00\": 1}, \"credential\": {\"\\udc00\": 1}}"),
        ["escaped reversed pair in a nested value"] = Encoding.UTF8.GetBytes("{\"verifiablePresentation\": {\"holder\": {\"id\": \"\\udc00\\ud800\"}}}"),
        ["escaped lone surrogate in options"] = Encoding.UTF8.GetBytes("{\"verifiableCredential\": {}, \"options\": {\"challenge\": \"\\ud83d\"}}"),
    };

    public static IEnumerable<object[]> Cases() =>
        from path in new[] { "/credentials/verify", "/presentations/verify", "/credentials/issue", "/tenants/t/credentials/issue", "/tenants/t/credentials/status", "/challenges" }
        from body in s_badBodies.Keys
        select new object[] { path, body };

    [TestMethod]
    public async Task BadUnicode_AtEveryVerifyAndIssueEndpoint_IsInvalidJson_WithoutStackTraceInLog()
    {
        // Arrange
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");

        foreach (var @case in Cases())
        {
            var (path, name) = ((string)@case[0], (string)@case[1]);

            // Act
            var response = await PostBytesAsync(client, path, s_badBodies[name], tenant.ApiKey);

            // Assert
            Assert.AreEqual(HttpStatusCode.BadRequest, response.Status, $"{path} with {name}: {response.Text}");
            response.AssertProblem(HttpStatusCode.BadRequest, "invalidJson");
        }

        AssertNoStackTrace(factory);
    }

    [TestMethod]
    public async Task ChunkedBodyOverTheLimit_OnKestrel_Is413Problem_AndLogsNoStackTrace()
    {
        // Arrange: the real Kestrel server, whose own body limit throws from the read on a chunked body.
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_MAX_REQUEST_BYTES"] = "65536");
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();
        var body = Encoding.UTF8.GetBytes("{\"verifiableCredential\": \"" + new string('a', 80 * 1024) + "\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        // Act
        var response = await Api.ReadAsync(await client.SendAsync(request));

        // Assert
        response.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payloadTooLarge");
        (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);
        AssertNoStackTrace(factory);
    }

    [TestMethod]
    public async Task ClientAbortingMidBody_LogsNoStackTrace_AndServiceStaysUp()
    {
        // Arrange: a real Kestrel server and a body that stops half way, then the client gives up.
        await using var factory = new IdentityServerFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        using var client = factory.CreateClient();
        using var abort = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/credentials/verify") { Content = new StalledContent(abort) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        // Act
        try
        {
            using var _ = await client.SendAsync(request, abort.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(300);

        // Assert
        (await client.GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);
        AssertNoStackTrace(factory);
    }

    internal static void AssertNoStackTrace(IdentityServerFactory factory)
    {
        var traced = factory.Logs.Where(line => line.Contains("   at ", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(0, traced.Count, "stack traces in the log:\n" + string.Join("\n---\n", traced.Take(3)));
    }

    internal static async Task<ApiResponse> PostBytesAsync(HttpClient client, string path, byte[] body, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Api.ReadAsync(await client.SendAsync(request));
    }

    private static byte[] Bytes(string before, byte[] raw, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. raw, .. Encoding.UTF8.GetBytes(after)];

    // Sends the start of a JSON body, then waits until the client cancels: a client that goes away mid-request.
    private sealed class StalledContent(CancellationTokenSource abort) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("{\"verifiableCredential\": {\"id\": \""u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(200);
            await abort.CancelAsync();
            await Task.Delay(Timeout.Infinite, abort.Token);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
