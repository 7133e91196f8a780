using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Identity.DidMethods.Web.Tests;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (or another loopback address) and a random port, over a real socket: it answers each GET with the
/// status and body the delegate gives for the path, then closes the connection. For a 3xx status the "body" is sent
/// as the <c>Location</c> header instead.
/// </summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private const int MaxRequestHeaderBytes = 16 * 1024;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, (int Status, string Body)> _respond;
    private readonly Task _acceptLoop;
    private int _requests;

    /// <exception cref="SocketException">The address cannot be bound (e.g. no IPv6 loopback in this environment).</exception>
    public LoopbackHttpServer(Func<string, (int Status, string Body)> respond, IPAddress? address = null)
    {
        _respond = respond;
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    public int RequestCount => Volatile.Read(ref _requests);

    public string? LastPath { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
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

            _ = ServeAsync(client);
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

                Interlocked.Increment(ref _requests);
                LastPath = path;
                var (status, body) = _respond(path);
                var redirect = status is >= 300 and <= 399;
                var bytes = redirect ? [] : Encoding.UTF8.GetBytes(body);
                var location = redirect ? $"Location: {body}\r\n" : string.Empty;
                var head = string.Create(
                    CultureInfo.InvariantCulture,
                    $"HTTP/1.1 {status} Status\r\n{location}Content-Type: application/did+json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                await stream.WriteAsync(bytes, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the server is stopping; nothing to report.
            }
        }
    }

    private async Task<string?> ReadRequestPathAsync(NetworkStream stream)
    {
        var buffer = new byte[MaxRequestHeaderBytes];
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
