using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Identity.Testing;

/// <summary>
/// A test-only HTTP/1.1 server on 127.0.0.1 and a random port, over a real socket, so the service's did:web fetcher
/// meets the wire as it is: each GET gets the <see cref="LoopbackResponse"/> the delegate chooses for its path
/// (any bytes, with or without <c>Content-Length</c>, slowly, or never), then the connection is closed.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int MaxRequestHeadBytes = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, LoopbackResponse> _respond;
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _requests;

    public LoopbackHttpServer(Func<string, LoopbackResponse> respond, IPAddress? address = null)
    {
        _respond = respond;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>A server answering <c>(status, body)</c>: a JSON body, or for a 3xx status the body as the <c>Location</c>.</summary>
    public LoopbackHttpServer(Func<string, (int Status, string Body)> respond, IPAddress? address = null)
        : this(path => respond(path) is var (status, body) && status is >= 300 and < 400
            ? LoopbackResponse.Redirect(body) with { Status = status }
            : LoopbackResponse.Json(body) with { Status = status }, address)
    {
    }

    public int Port { get; }

    /// <summary>The path of the latest request.</summary>
    public string? LastPath { get; private set; }

    /// <summary>The did:web naming this server's <c>/.well-known/did.json</c>: <c>did:web:127.0.0.1%3A{port}</c>.</summary>
    public string Did => string.Create(CultureInfo.InvariantCulture, $"did:web:127.0.0.1%3A{Port}");

    /// <summary>How many complete request heads arrived.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var path = await ReadRequestPathAsync(stream);
                if (path is null)
                {
                    return;
                }

                LastPath = path;
                Interlocked.Increment(ref _requests);
                await WriteAsync(stream, _respond(path));
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away (as the fetcher does once it has seen enough) or the server is stopping.
            }
        }
    }

    private async Task WriteAsync(NetworkStream stream, LoopbackResponse response)
    {
        if (response.NeverAnswer)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
        }

        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} Canned\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n")
            .Append("Connection: close\r\n");
        if (response.SendContentLength)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {(long)response.Body.Length * response.Repeat}\r\n");
        }

        if (response.Location is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Location: {response.Location}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), _stop.Token);
        await stream.FlushAsync(_stop.Token);
        for (long i = 0; i < response.Repeat; i++)
        {
            if (response.Delay > TimeSpan.Zero)
            {
                await Task.Delay(response.Delay, _stop.Token);
            }

            await stream.WriteAsync(response.Body, _stop.Token);
        }

        await stream.FlushAsync(_stop.Token);
    }

    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), _stop.Token);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var requestLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
                return requestLine.Length == 3 ? requestLine[1] : null;
            }
        }

        return null;
    }
}

/// <summary>
/// What <see cref="LoopbackHttpServer"/> answers: the status line and headers, then <see cref="Body"/> written
/// <see cref="Repeat"/> times with <see cref="Delay"/> before each write; or, with <see cref="NeverAnswer"/>, nothing at all.
/// </summary>
public sealed record LoopbackResponse
{
    public int Status { get; init; } = 200;

    public string ContentType { get; init; } = "application/did+json";

    public ReadOnlyMemory<byte> Body { get; init; }

    public long Repeat { get; init; } = 1;

    public TimeSpan Delay { get; init; }

    /// <summary>Send <c>Content-Length</c> (the body's true total length); without it the body ends when the connection closes.</summary>
    public bool SendContentLength { get; init; } = true;

    public string? Location { get; init; }

    /// <summary>Read the request, then keep the connection open and silent until the server is disposed.</summary>
    public bool NeverAnswer { get; init; }

    public static LoopbackResponse Json(string json) => new() { Body = Encoding.UTF8.GetBytes(json) };

    public static LoopbackResponse Redirect(string location) => new() { Status = 302, Location = location };

    public static LoopbackResponse Silence { get; } = new() { NeverAnswer = true };
}
