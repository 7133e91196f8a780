using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>The alert endpoints' bounds: streams per tenant, heartbeats, the list's query, and retention by age and count.</summary>
[TestClass]
public sealed class AlertBoundsTests
{
    [TestMethod]
    public async Task Streams_BeyondTheTenantsBound_Are429_AndAClosedOneFreesItsSlot()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_ALERT_STREAMS_PER_TENANT"] = "2");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("bounds-a");
        var other = await client.CreateTenantAsync("bounds-b");

        var first = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);
        await using var second = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);
        var third = await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts/stream", tenant.ApiKey, "text/event-stream");
        await using var otherTenants = await client.OpenStreamAsync(other.Id, other.ApiKey);

        third.AssertProblem(HttpStatusCode.TooManyRequests, "rateLimited");
        Assert.AreEqual(HttpStatusCode.OK, otherTenants.Response.StatusCode, "another tenant's bound is its own");
        await first.DisposeAsync();
        var reopened = await RetryAsync(async () => await client.OpenStreamAsync(tenant.Id, tenant.ApiKey), s => s.Response.StatusCode == HttpStatusCode.OK);
        await using (reopened)
        {
            Assert.AreEqual(HttpStatusCode.OK, reopened.Response.StatusCode);
        }
    }

    [TestMethod]
    public async Task Stream_SendsHeartbeats_AndWantsEventStream_AndTheKey()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_ALERT_HEARTBEAT_SECONDS"] = "1");
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("bounds-h");

        await using (var stream = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey))
        {
            var beat = await stream.NextAsync(comment: true, timeout: TimeSpan.FromSeconds(10));
            Assert.AreEqual(("comment", (string?)null, "heartbeat"), beat);
            Assert.AreEqual("no-store", stream.Response.Headers.CacheControl?.ToString());
        }

        (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts/stream", tenant.ApiKey)).AssertProblem(HttpStatusCode.NotAcceptable, "representationNotSupported");
        (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts/stream", null, "text/event-stream")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [TestMethod]
    [DataRow("since=yesterday")]
    [DataRow("since=2026-12-06T08:00:00")]
    [DataRow("limit=0")]
    [DataRow("limit=1001")]
    [DataRow("limit=ten")]
    public async Task List_MalformedQuery_IsInvalidRequest(string query)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("bounds-q");

        (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts?{query}", tenant.ApiKey)).AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }

    [TestMethod]
    public async Task Retention_KeepsTheNewestAlertsOnly_ByCountAndByAge()
    {
        // Arrange: at most 3 alerts a tenant, kept 1 day, on a clock the test moves.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new IdentityServerFactory(
            s => (s["IDENTITY_ALERT_MAX_PER_TENANT"], s["IDENTITY_ALERT_RETENTION_DAYS"]) = ("3", "1"), clock);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("bounds-r");
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, AlertClient.Rules(AlertClient.Rule("low", "2339-0", "mg/dL", below: 70)))).AssertStatus(HttpStatusCode.OK);
        await using var stream = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);

        // Act: five lows; then, two days later, one more.
        await factory.AcceptAsync([.. Enumerable.Range(1, 5).Select(i => AlertClient.Reading(tenant.Id, AlertClient.PatientA, i, "2339-0", 60, "mg/dL"))]);
        for (int i = 0; i < 5; i++)
        {
            await stream.NextAlertAsync();
        }

        var byCount = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts", tenant.ApiKey)).Body!["alerts"]!.AsArray();
        clock.Advance(TimeSpan.FromDays(2));
        await factory.AcceptAsync(AlertClient.Reading(tenant.Id, AlertClient.PatientA, 6, "2339-0", 60, "mg/dL"));
        await stream.NextAlertAsync();
        var byAge = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts", tenant.ApiKey)).Body!["alerts"]!.AsArray();

        // Assert
        CollectionAssert.AreEqual(
            new[] { "obs-bounds-r-5", "obs-bounds-r-4", "obs-bounds-r-3" }, byCount.Select(a => a!["observationId"]!.GetValue<string>()).ToArray());
        CollectionAssert.AreEqual(new[] { "obs-bounds-r-6" }, byAge.Select(a => a!["observationId"]!.GetValue<string>()).ToArray());
    }

    private static async Task<T> RetryAsync<T>(Func<Task<T>> attempt, Func<T, bool> done) where T : IAsyncDisposable
    {
        for (int i = 0; ; i++)
        {
            var result = await attempt();
            if (done(result) || i == 50)
            {
                return result;
            }

            await result.DisposeAsync();
            await Task.Delay(100);
        }
    }
}
