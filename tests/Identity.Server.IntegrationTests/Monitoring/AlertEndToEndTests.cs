using System.Net;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>The whole path: a bound CGM posts signed readings; a low one reaches the hospital's alert stream and list, and no other tenant's.</summary>
[TestClass]
public sealed class AlertEndToEndTests
{
    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task SignedLowReading_FromABoundDevice_IsAnAlert_OnTheTenantsStreamOnly(Store store)
    {
        // Arrange: alice's CGM bound; a low-glucose rule set by her patient id; the hospital's and a stranger's streams open.
        await using var factory = await IdentityServerFactory.CreateAsync(store, s => s["IDENTITY_ALERT_HEARTBEAT_SECONDS"] = "1");
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();
        var stranger = await client.CreateTenantAsync("elsewhere");
        var rules = AlertClient.Rules(AlertClient.Rule("low-glucose", "2339-0", "mg/dL", below: 70));
        (await client.PutRulesAsync(parties.TenantInfo, "alice", rules)).AssertStatus(HttpStatusCode.OK);
        (await client.PutRulesAsync(stranger, parties.PatientDid, rules)).AssertStatus(HttpStatusCode.OK);
        await using var hospital = await client.OpenStreamAsync(parties.TenantInfo.Id, parties.TenantInfo.ApiKey);
        await using var elsewhere = await client.OpenStreamAsync(stranger.Id, stranger.ApiKey);

        // Act: one signed batch: in range, low in mg/dL, low in mmol/L (3.2 mmol/L = 57.65 mg/dL); then the batch again.
        var batch = MonitoringParties.Bundle([parties.Glucose(1, 105m), parties.Glucose(2, 65m), parties.Glucose(3, 3.2m, "mmol/L", code: "15074-8")]);
        var answer = (await parties.SendAsync(batch)).AssertStatus(HttpStatusCode.OK);
        var again = (await parties.SendAsync(batch)).AssertStatus(HttpStatusCode.OK);

        // Assert: two alerts on the hospital's stream, for the readings the answer accepted.
        CollectionAssert.AreEqual(new[] { "accepted", "accepted", "accepted" }, MonitoringParties.Statuses(answer));
        CollectionAssert.AreEqual(new[] { "duplicate", "duplicate", "duplicate" }, MonitoringParties.Statuses(again));
        var ids = answer.Body!["readings"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToArray();
        var low = await hospital.NextAlertAsync();
        var molar = await hospital.NextAlertAsync();
        Assert.AreEqual(ids[1], low["observationId"]!.GetValue<string>());
        Assert.AreEqual(65m, low["value"]!.GetValue<decimal>());
        Assert.AreEqual(parties.PatientDid, low["patient"]!.GetValue<string>());
        Assert.AreEqual(parties.DeviceDid, low["device"]!.GetValue<string>());
        Assert.AreEqual(ids[2], molar["observationId"]!.GetValue<string>());
        Assert.AreEqual(57.65m, molar["value"]!.GetValue<decimal>());
        Assert.AreEqual("mg/dL", molar["unit"]!.GetValue<string>());

        // Assert: the list holds those two (the duplicate batch raised nothing); the stranger saw only heartbeats.
        var list = (await client.GetJsonAsync($"/tenants/{parties.TenantInfo.Id}/alerts", parties.TenantInfo.ApiKey)).Body!["alerts"]!.AsArray();
        CollectionAssert.AreEqual(new[] { ids[2], ids[1] }, list.Select(a => a!["observationId"]!.GetValue<string>()).ToArray());
        for (int i = 0; i < 2; i++)
        {
            Assert.AreEqual("comment", (await elsewhere.NextAsync(comment: true))?.Type);
        }

        Assert.IsEmpty((await client.GetJsonAsync($"/tenants/{stranger.Id}/alerts", stranger.ApiKey)).Body!["alerts"]!.AsArray());
    }
}
