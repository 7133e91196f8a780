// References: HTML Living Standard §9.2 Server-sent events, https://html.spec.whatwg.org/multipage/server-sent-events.html
using System.Globalization;
using System.Text;

namespace Identity.Server.Monitoring;

/// <summary>
/// Writes one subscription as a <c>text/event-stream</c>: a comment on opening, each alert as event <c>alert</c> (id = its
/// sequence number, data = its JSON on one line), a comment after each idle heartbeat interval, and event <c>dropped</c>
/// before ending a stream that fell too far behind. It ends when the client goes, or the service stops.
/// </summary>
internal static class AlertStream
{
    public const string ContentType = "text/event-stream";

    public static async Task WriteAsync(HttpContext context, AlertSubscription subscription, TimeSpan heartbeat, TimeProvider time, CancellationToken stopping)
    {
        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var ct = ending.Token;
        try
        {
            await SendAsync(response, ": alerts of this tenant\nretry: 5000\n\n", ct).ConfigureAwait(false);
            Task<bool>? waiting = null;
            while (true)
            {
                waiting ??= subscription.Reader.WaitToReadAsync(ct).AsTask();
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var tick = Task.Delay(heartbeat, time, idle.Token);
                if (await Task.WhenAny(waiting, tick).ConfigureAwait(false) == tick)
                {
                    await tick.ConfigureAwait(false);
                    await SendAsync(response, ": heartbeat\n\n", ct).ConfigureAwait(false);
                    continue;
                }

                await idle.CancelAsync().ConfigureAwait(false);
                bool open = await waiting.ConfigureAwait(false);
                waiting = null;
                if (!open)
                {
                    if (subscription.Dropped)
                    {
                        await SendAsync(response, "event: dropped\ndata: {}\n\n", ct).ConfigureAwait(false);
                    }

                    return;
                }

                var events = new StringBuilder();
                while (events.Length < 64 * 1024 && subscription.Reader.TryRead(out var delivery))
                {
                    events.Append(CultureInfo.InvariantCulture, $"id: {delivery.Sequence}\nevent: alert\ndata: {delivery.Alert.ToJson().ToJsonString()}\n\n");
                }

                await SendAsync(response, events.ToString(), ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, or the service is stopping: the stream simply ends.
        }
    }

    private static async Task SendAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.WriteAsync(text, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }
}
