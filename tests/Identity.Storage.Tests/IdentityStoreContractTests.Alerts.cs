namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static AlertRecord NewAlert(string tenantId, string id, DateTimeOffset at) => new(tenantId, 0, id, "ps1:patient", at, "enc1:" + id);

    [TestMethod]
    public async Task AlertRules_Put_ReplacesThePatientsSet_AndIsPerTenantAndPatient()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");
        var alerts = (IAlertStore)store;

        Assert.IsTrue((await alerts.PutAlertRulesAsync(new AlertRuleSetRecord("t1", "ps1:a", "enc1:first", T0))).IsSuccess);
        Assert.IsTrue((await alerts.PutAlertRulesAsync(new AlertRuleSetRecord("t1", "ps1:a", "enc1:second", T0.AddMinutes(1)))).IsSuccess);
        var unknown = await alerts.PutAlertRulesAsync(new AlertRuleSetRecord("nope", "ps1:a", "enc1:x", T0));

        Assert.AreEqual(new AlertRuleSetRecord("t1", "ps1:a", "enc1:second", T0.AddMinutes(1)), await alerts.GetAlertRulesAsync("t1", "ps1:a"));
        Assert.IsNull(await alerts.GetAlertRulesAsync("t2", "ps1:a"));
        Assert.IsNull(await alerts.GetAlertRulesAsync("t1", "ps1:b"));
        Assert.AreEqual("notFound", unknown.Error?.Code);
    }

    [TestMethod]
    public async Task Alerts_Add_StoresEachIdOnce_ListsNewestFirst_AndPrunesByAgeAndCount()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");
        var alerts = (IAlertStore)store;

        var first = await alerts.AddAlertsAsync([NewAlert("t1", "a1", T0), NewAlert("t1", "a2", T0.AddMinutes(1)), NewAlert("t2", "b1", T0)], T0.AddDays(-1), 10);
        var again = await alerts.AddAlertsAsync([NewAlert("t1", "a2", T0.AddMinutes(1)), NewAlert("t1", "a3", T0.AddMinutes(2))], T0.AddDays(-1), 10);

        CollectionAssert.AreEqual(new[] { "a1", "a2", "b1" }, first.Select(a => a.AlertId).ToArray());
        Assert.IsTrue(first[0].Sequence < first[1].Sequence);
        CollectionAssert.AreEqual(new[] { "a3" }, again.Select(a => a.AlertId).ToArray(), "an id already stored is not stored again");
        var listed = await alerts.ListAlertsAsync("t1", DateTimeOffset.MinValue, 10);
        CollectionAssert.AreEqual(new[] { "a3", "a2", "a1" }, listed.Select(a => a.AlertId).ToArray());
        Assert.AreEqual(NewAlert("t1", "a3", T0.AddMinutes(2)) with { Sequence = again[0].Sequence }, listed[0]);
        CollectionAssert.AreEqual(new[] { "a3" }, (await alerts.ListAlertsAsync("t1", T0.AddMinutes(2), 10)).Select(a => a.AlertId).ToArray());
        CollectionAssert.AreEqual(new[] { "a3" }, (await alerts.ListAlertsAsync("t1", DateTimeOffset.MinValue, 1)).Select(a => a.AlertId).ToArray());

        // Count: keep the newest 2 of t1 (t2 untouched); age: drop what was raised before T0 + 90 s.
        await alerts.AddAlertsAsync([NewAlert("t1", "a4", T0.AddMinutes(3))], T0.AddDays(-1), 2);
        CollectionAssert.AreEqual(new[] { "a4", "a3" }, (await alerts.ListAlertsAsync("t1", DateTimeOffset.MinValue, 10)).Select(a => a.AlertId).ToArray());
        await alerts.AddAlertsAsync([NewAlert("t1", "a5", T0.AddMinutes(4))], T0.AddMinutes(2).AddSeconds(30), 10);
        CollectionAssert.AreEqual(new[] { "a5", "a4" }, (await alerts.ListAlertsAsync("t1", DateTimeOffset.MinValue, 10)).Select(a => a.AlertId).ToArray());
        CollectionAssert.AreEqual(new[] { "b1" }, (await alerts.ListAlertsAsync("t2", DateTimeOffset.MinValue, 10)).Select(a => a.AlertId).ToArray());
    }
}
