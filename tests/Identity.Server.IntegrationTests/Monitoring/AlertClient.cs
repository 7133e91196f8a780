using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Server.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>The alert endpoints from a client's side, and accepted readings handed to the server's listeners.</summary>
internal static class AlertClient
{
    public const string PatientA = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    public const string Device = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";

    public static string RulesPath(string tenant, string patient) => $"/tenants/{tenant}/patients/{Uri.EscapeDataString(patient)}/alert-rules";

    public static Task<ApiResponse> PutRulesAsync(this HttpClient client, Scenario.Tenant tenant, string patient, JsonNode body, string? key = null) =>
        client.SendJsonAsync(HttpMethod.Put, RulesPath(tenant.Id, patient), body.ToJsonString(), key ?? tenant.ApiKey);

    public static JsonObject Rules(params JsonObject[] rules) => new() { ["rules"] = new JsonArray([.. rules]) };

    public static JsonObject Rule(string id, string code, string unit, decimal? below = null, decimal? above = null)
    {
        var rule = new JsonObject { ["id"] = id, ["code"] = code, ["unit"] = unit };
        if (below is { } b)
        {
            rule["below"] = b;
        }

        if (above is { } a)
        {
            rule["above"] = a;
        }

        return rule;
    }

    /// <summary>One accepted reading of one quantity, as ingestion reports it after commit.</summary>
    public static AcceptedReading Reading(string tenant, string patient, long sequence, string code, decimal value, string unit) =>
        new(tenant, patient, Device, sequence, $"obs-{tenant}-{sequence}", code, [new MeasuredValue(code, value, unit)],
            new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero).AddMinutes(5 * sequence));

    /// <summary>Hands a committed batch to every registered listener, as ingestion does.</summary>
    public static async Task AcceptAsync(this IdentityServerFactory factory, params AcceptedReading[] readings)
    {
        foreach (var listener in factory.Services.GetServices<IReadingListener>())
        {
            await listener.OnAcceptedAsync(readings, CancellationToken.None);
        }
    }

    /// <summary>Opens the tenant's alert stream and waits for its opening comment (so the subscription is registered).</summary>
    public static async Task<AlertEvents> OpenStreamAsync(this HttpClient client, string tenant, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/tenants/{tenant}/alerts/stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new AlertEvents(response);
        if (response.IsSuccessStatusCode)
        {
            await events.NextAsync(comment: true);
        }

        return events;
    }
}

/// <summary>One open event stream, read event by event (comments too when asked).</summary>
internal sealed class AlertEvents(HttpResponseMessage response) : IAsyncDisposable
{
    private StreamReader? _reader;

    public HttpResponseMessage Response { get; } = response;

    /// <summary>The next event (type, id, data) or comment; null when the stream ends; fails after <paramref name="timeout"/>.</summary>
    public async Task<(string Type, string? Id, string Data)?> NextAsync(bool comment = false, TimeSpan? timeout = null)
    {
        _reader ??= new StreamReader(await Response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        string type = "message";
        string? id = null;
        var data = new StringBuilder();
        while (await _reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0 || type != "message")
                {
                    return (type, id, data.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                if (comment)
                {
                    return ("comment", null, line[1..].Trim());
                }

                continue;
            }

            var (field, value) = line.IndexOf(':') is var colon and >= 0 ? (line[..colon], line[(colon + 1)..].TrimStart()) : (line, string.Empty);
            switch (field)
            {
                case "event": type = value; break;
                case "id": id = value; break;
                case "data": data.Append(value); break;
            }
        }

        return null;
    }

    /// <summary>The next <c>alert</c> event's JSON.</summary>
    public async Task<JsonObject> NextAlertAsync(TimeSpan? timeout = null)
    {
        var next = await NextAsync(timeout: timeout);
        Assert.IsNotNull(next, "the stream ended");
        Assert.AreEqual("alert", next.Value.Type, next.Value.Data);
        return JsonNode.Parse(next.Value.Data)!.AsObject();
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        Response.Dispose();
        return ValueTask.CompletedTask;
    }
}
