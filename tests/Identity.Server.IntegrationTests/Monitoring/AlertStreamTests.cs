using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Identity.Server.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>
/// Accepted readings evaluated against the patient's rules: alerts on the tenant's stream and in its list, in the rule's
/// unit, never on another tenant's stream, and neither a slow subscriber nor a full queue holding ingestion up.
/// </summary>
[TestClass]
public sealed class AlertStreamTests
{
    private static readonly JsonObject s_rules = AlertClient.Rules(
        AlertClient.Rule("low-glucose", "2339-0", "mg/dL", below: 70),
        AlertClient.Rule("high-systolic", "8480-6", "mm[Hg]", above: 180));

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Reading_PastAThreshold_RaisesOneAlert_OnTheStreamAndInTheList(Store store)
    {
        // Arrange: a rule set and an open stream.
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("alerts-a");
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, s_rules)).AssertStatus(HttpStatusCode.OK);
        await using var stream = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);
        Assert.AreEqual("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);

        // Act: an in-range reading, a low one (delivered twice, as a retried batch would be), then a blood-pressure panel.
        var low = AlertClient.Reading(tenant.Id, AlertClient.PatientA, 2, "2339-0", 65, "mg/dL");
        await factory.AcceptAsync(AlertClient.Reading(tenant.Id, AlertClient.PatientA, 1, "2339-0", 90, "mg/dL"), low);
        await factory.AcceptAsync(low);
        var panel = new AcceptedReading(tenant.Id, AlertClient.PatientA, AlertClient.Device, 3, "obs-bp-3", "85354-9",
            [new MeasuredValue("8480-6", 185, "mm[Hg]"), new MeasuredValue("8462-4", 195, "mm[Hg]")], DateTimeOffset.Parse("2026-12-06T09:00:00Z"));
        await factory.AcceptAsync(panel);

        // Assert: the stream carries exactly the low glucose, then the systolic (the diastolic 195 is not systolic).
        var first = await stream.NextAlertAsync();
        Assert.AreEqual("low-glucose", first["rule"]!.GetValue<string>());
        Assert.AreEqual("2339-0", first["code"]!.GetValue<string>());
        Assert.AreEqual(65m, first["value"]!.GetValue<decimal>());
        Assert.AreEqual("mg/dL", first["unit"]!.GetValue<string>());
        Assert.AreEqual(AlertClient.PatientA, first["patient"]!.GetValue<string>());
        Assert.AreEqual(AlertClient.Device, first["device"]!.GetValue<string>());
        Assert.AreEqual(low.ObservationId, first["observationId"]!.GetValue<string>());
        Assert.AreEqual(low.Effective, DateTimeOffset.Parse(first["effective"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.StartsWith(first["id"]!.GetValue<string>(), "urn:uuid:");
        var second = await stream.NextAlertAsync();
        Assert.AreEqual("high-systolic", second["rule"]!.GetValue<string>());
        Assert.AreEqual(185m, second["value"]!.GetValue<decimal>());

        // Assert: the list holds the same two, newest first, and honours since and limit.
        var list = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts", tenant.ApiKey)).AssertStatus(HttpStatusCode.OK).Body!["alerts"]!.AsArray();
        Assert.HasCount(2, list);
        Assert.IsTrue(JsonNode.DeepEquals(second, list[0]), list.ToJsonString());
        Assert.IsTrue(JsonNode.DeepEquals(first, list[1]), list.ToJsonString());
        var one = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts?limit=1", tenant.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.HasCount(1, one);
        var later = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts?since=2999-01-01T00:00:00Z", tenant.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.IsEmpty(later);
    }

    [TestMethod]
    public async Task Reading_InAnotherUnit_IsComparedInTheRulesUnit()
    {
        // Arrange: one rule in mg/dL, one in mmol/L, on the two glucose codes.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("alerts-u");
        var rules = AlertClient.Rules(
            AlertClient.Rule("low-mg", "2339-0", "mg/dL", below: 70),
            AlertClient.Rule("high-mmol", "15074-8", "mmol/L", above: 10));
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, rules)).AssertStatus(HttpStatusCode.OK);
        await using var stream = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);

        // Act: 4.0 mmol/L is 72.06 mg/dL (no alert), 3.5 mmol/L is 63.05 mg/dL (low), 190 mg/dL is 10.55 mmol/L (high).
        await factory.AcceptAsync(
            AlertClient.Reading(tenant.Id, AlertClient.PatientA, 1, "15074-8", 4.0m, "mmol/L"),
            AlertClient.Reading(tenant.Id, AlertClient.PatientA, 2, "15074-8", 3.5m, "mmol/L"),
            AlertClient.Reading(tenant.Id, AlertClient.PatientA, 3, "2339-0", 179, "mg/dL"),
            AlertClient.Reading(tenant.Id, AlertClient.PatientA, 4, "2339-0", 190, "mg/dL"));

        // Assert
        var low = await stream.NextAlertAsync();
        Assert.AreEqual("low-mg", low["rule"]!.GetValue<string>());
        Assert.AreEqual(63.05m, low["value"]!.GetValue<decimal>());
        Assert.AreEqual("mg/dL", low["unit"]!.GetValue<string>());
        Assert.AreEqual("obs-alerts-u-2", low["observationId"]!.GetValue<string>());
        var high = await stream.NextAlertAsync();
        Assert.AreEqual("high-mmol", high["rule"]!.GetValue<string>());
        Assert.AreEqual(10.55m, high["value"]!.GetValue<decimal>());
        Assert.AreEqual("mmol/L", high["unit"]!.GetValue<string>());
        Assert.AreEqual("obs-alerts-u-4", high["observationId"]!.GetValue<string>());
        var list = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts", tenant.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.HasCount(2, list, list.ToJsonString());
    }

    [TestMethod]
    public async Task AnotherTenantsStream_NeverSeesTheAlert_NorItsList_NorMayItSubscribe()
    {
        // Arrange: two tenants with the same rules for the same patient DID, both streams open.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var a = await client.CreateTenantAsync("alerts-x");
        var b = await client.CreateTenantAsync("alerts-y");
        (await client.PutRulesAsync(a, AlertClient.PatientA, s_rules)).AssertStatus(HttpStatusCode.OK);
        (await client.PutRulesAsync(b, AlertClient.PatientA, s_rules)).AssertStatus(HttpStatusCode.OK);
        await using var streamA = await client.OpenStreamAsync(a.Id, a.ApiKey);
        await using var streamB = await client.OpenStreamAsync(b.Id, b.ApiKey);

        // Act: a low in tenant a, then (once a has seen it) one in tenant b.
        await factory.AcceptAsync(AlertClient.Reading(a.Id, AlertClient.PatientA, 1, "2339-0", 50, "mg/dL"));
        var seenByA = await streamA.NextAlertAsync();
        await factory.AcceptAsync(AlertClient.Reading(b.Id, AlertClient.PatientA, 1, "2339-0", 60, "mg/dL"));

        // Assert: b's first alert is its own; a's key cannot open b's stream; b's list holds only b's.
        var seenByB = await streamB.NextAlertAsync();
        Assert.AreEqual("obs-alerts-x-1", seenByA["observationId"]!.GetValue<string>());
        Assert.AreEqual("obs-alerts-y-1", seenByB["observationId"]!.GetValue<string>());
        await using (var refused = await client.OpenStreamAsync(b.Id, a.ApiKey))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        }

        var listB = (await client.GetJsonAsync($"/tenants/{b.Id}/alerts", b.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.HasCount(1, listB);
        Assert.AreEqual("obs-alerts-y-1", listB[0]!["observationId"]!.GetValue<string>());
        (await client.GetJsonAsync($"/tenants/{b.Id}/alerts", a.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [TestMethod]
    public async Task SlowSubscriber_IsDropped_WhileIngestionAndOtherStreamsGoOn()
    {
        // Arrange: a subscriber that never reads, and a stream that does.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("alerts-s");
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, s_rules)).AssertStatus(HttpStatusCode.OK);
        using var absent = factory.Services.GetRequiredService<AlertHub>().Subscribe(tenant.Id)!;
        await using var reader = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);
        int total = AlertSettings.SubscriberBuffer + 44;
        var handing = Stopwatch.StartNew();

        // Act: three batches of low readings, more alerts than a subscriber may have waiting.
        long sequence = 0;
        int received = 0;
        foreach (var size in new[] { 100, 100, total - 200 })
        {
            var batch = Enumerable.Range(0, size).Select(_ => AlertClient.Reading(tenant.Id, AlertClient.PatientA, ++sequence, "2339-0", 50, "mg/dL")).ToArray();
            handing.Start();
            await factory.AcceptAsync(batch);
            handing.Stop();
            for (int i = 0; i < size; i++)
            {
                var alert = await reader.NextAlertAsync();
                Assert.AreEqual($"obs-alerts-s-{++received}", alert["observationId"]!.GetValue<string>());
            }
        }

        // Assert: handing batches over took no time; the absent subscriber was dropped with a bounded buffer.
        Assert.IsLessThan(500, handing.ElapsedMilliseconds, $"handing {total} readings to the listeners took {handing.ElapsedMilliseconds} ms");
        Assert.IsTrue(absent.Dropped);
        Assert.IsLessThanOrEqualTo(AlertSettings.SubscriberBuffer, absent.Reader.Count);
        var list = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts?limit=1000", tenant.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.HasCount(total, list);
    }

    [TestMethod]
    public async Task Listener_WhenTheQueueIsFull_ReturnsAtOnce_AndSaysHowManyItSkipped()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("alerts-q");
        var batch = Enumerable.Range(1, 1000).Select(i => AlertClient.Reading(tenant.Id, "did:example:queue-patient-" + i, i, "8867-4", 70, "/min")).ToArray();
        var pipeline = factory.Services.GetRequiredService<AlertPipeline>();

        var watch = Stopwatch.StartNew();
        for (int i = 0; i < 4 * AlertSettings.QueuedBatches; i++)
        {
            await factory.AcceptAsync(batch);
        }

        watch.Stop();
        Assert.IsLessThan(2000, watch.ElapsedMilliseconds, $"{4 * AlertSettings.QueuedBatches} batches took {watch.ElapsedMilliseconds} ms to hand over");
        Assert.IsGreaterThan(0L, pipeline.Skipped);
        Assert.IsTrue(factory.Logs.Any(line => line.Contains("Alert evaluation queue full", StringComparison.Ordinal)));
        Assert.IsFalse(factory.Logs.Any(line => line.Contains("queue-patient", StringComparison.Ordinal)));
    }
    [TestMethod]
    public async Task Erasure_DeletesThePatientsRulesAndAlerts_AndNoOtherPatients()
    {
        // Arrange: rules and an alert for two patients.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("alerts-e");
        const string other = "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG";
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, s_rules)).AssertStatus(HttpStatusCode.OK);
        (await client.PutRulesAsync(tenant, other, s_rules)).AssertStatus(HttpStatusCode.OK);
        await using var stream = await client.OpenStreamAsync(tenant.Id, tenant.ApiKey);
        await factory.AcceptAsync(AlertClient.Reading(tenant.Id, AlertClient.PatientA, 1, "2339-0", 50, "mg/dL"), AlertClient.Reading(tenant.Id, other, 2, "2339-0", 50, "mg/dL"));
        await stream.NextAlertAsync();
        await stream.NextAlertAsync();

        // Act
        (await client.PostJsonAsync($"/tenants/{tenant.Id}/patients/erase", new JsonObject { ["did"] = AlertClient.PatientA }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.OK);

        // Assert
        var rules = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, AlertClient.PatientA), tenant.ApiKey)).Body!["rules"]!.AsArray();
        var kept = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, other), tenant.ApiKey)).Body!["rules"]!.AsArray();
        var list = (await client.GetJsonAsync($"/tenants/{tenant.Id}/alerts", tenant.ApiKey)).Body!["alerts"]!.AsArray();
        Assert.IsEmpty(rules);
        Assert.HasCount(2, kept);
        Assert.HasCount(1, list);
        Assert.AreEqual(other, list[0]!["patient"]!.GetValue<string>());
    }
}
