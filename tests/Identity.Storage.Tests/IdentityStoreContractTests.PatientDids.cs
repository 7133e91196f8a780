using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static PatientDidRecord NewPatient(string tenantId, string patientId, params string[] keys) =>
        new(tenantId, patientId, [.. keys], 1, T0, T0);

    [TestMethod]
    public async Task CreatePatientDid_RoundTrips_AndRefusesDuplicateId()
    {
        var store = await CreateStoreWithTenantAsync();
        var created = await store.CreatePatientDidAsync(NewPatient("t1", "p1", "z6MkA", "z6MkB"), NewAudit("patient.created", "t1", "p1"));
        Assert.IsTrue(created.IsSuccess, created.ToString());

        var read = await store.GetPatientDidAsync("t1", "p1");
        Assert.IsNotNull(read);
        CollectionAssert.AreEqual(new[] { "z6MkA", "z6MkB" }, read.PublicKeys.ToArray());
        Assert.AreEqual(1, read.Version);
        Assert.AreEqual(T0, read.CreatedAt);
        Assert.IsFalse(read.IsDeactivated);

        var again = await store.CreatePatientDidAsync(NewPatient("t1", "p1", "z6MkC"), NewAudit("patient.created", "t1", "p1"));
        Assert.AreEqual(ErrorCodes.PatientExists, again.Error!.Code);
        Assert.IsNull(await store.GetPatientDidAsync("t2", "p1"));
    }

    [TestMethod]
    public async Task CreatePatientDid_UnknownTenant_NotFound()
    {
        var store = await CreateStoreAsync();
        var created = await store.CreatePatientDidAsync(NewPatient("nope", "p1", "z6MkA"), NewAudit("patient.created", "nope", "p1"));
        Assert.AreEqual(ErrorCodes.NotFound, created.Error!.Code);
    }

    [TestMethod]
    public async Task UpdatePatientDidKeys_IsCompareAndSetOnVersion()
    {
        var store = await CreateStoreWithTenantAsync();
        await store.CreatePatientDidAsync(NewPatient("t1", "p1", "z6MkA"), NewAudit("patient.created", "t1", "p1"));

        var first = await store.UpdatePatientDidKeysAsync("t1", "p1", 1, ["z6MkA", "z6MkB"], T0.AddMinutes(1), NewAudit("patient.updated", "t1", "p1"));
        var stale = await store.UpdatePatientDidKeysAsync("t1", "p1", 1, ["z6MkC"], T0.AddMinutes(2), NewAudit("patient.updated", "t1", "p1"));

        Assert.IsTrue(first.IsSuccess, first.ToString());
        Assert.AreEqual(2, first.Value.Version);
        CollectionAssert.AreEqual(new[] { "z6MkA", "z6MkB" }, first.Value.PublicKeys.ToArray());
        Assert.AreEqual(T0.AddMinutes(1), first.Value.UpdatedAt);
        Assert.AreEqual(ErrorCodes.VersionConflict, stale.Error!.Code);
        CollectionAssert.AreEqual(new[] { "z6MkA", "z6MkB" }, (await store.GetPatientDidAsync("t1", "p1"))!.PublicKeys.ToArray());
    }

    [TestMethod]
    public async Task ConcurrentPatientUpdates_FromOneVersion_ExactlyOneWins()
    {
        var store = await CreateStoreWithTenantAsync();
        await store.CreatePatientDidAsync(NewPatient("t1", "p1", "z6MkA"), NewAudit("patient.created", "t1", "p1"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            store.UpdatePatientDidKeysAsync("t1", "p1", 1, ["z6Mk" + i], T0, NewAudit("patient.updated", "t1", "p1"))));

        Assert.AreEqual(1, results.Count(r => r.IsSuccess));
        Assert.AreEqual(7, results.Count(r => r.Error?.Code == ErrorCodes.VersionConflict));
        Assert.AreEqual(2, (await store.GetPatientDidAsync("t1", "p1"))!.Version);
    }

    [TestMethod]
    public async Task DeactivatePatientDid_IsFinal_AndKeepsFirstInstant()
    {
        var store = await CreateStoreWithTenantAsync();
        await store.CreatePatientDidAsync(NewPatient("t1", "p1", "z6MkA"), NewAudit("patient.created", "t1", "p1"));

        var deactivated = await store.DeactivatePatientDidAsync("t1", "p1", T0.AddHours(1), NewAudit("patient.deactivated", "t1", "p1"));
        var twice = await store.DeactivatePatientDidAsync("t1", "p1", T0.AddHours(2), NewAudit("patient.deactivated", "t1", "p1"));
        var update = await store.UpdatePatientDidKeysAsync("t1", "p1", 1, ["z6MkB"], T0.AddHours(3), NewAudit("patient.updated", "t1", "p1"));
        var missing = await store.DeactivatePatientDidAsync("t1", "p2", T0, NewAudit("patient.deactivated", "t1", "p2"));

        Assert.AreEqual(T0.AddHours(1), deactivated.Value.DeactivatedAt);
        Assert.AreEqual(T0.AddHours(1), twice.Value.DeactivatedAt);
        Assert.AreEqual(ErrorCodes.DidDeactivated, update.Error!.Code);
        Assert.AreEqual(ErrorCodes.NotFound, missing.Error!.Code);
        var again = await store.CreatePatientDidAsync(NewPatient("t1", "p1", "z6MkC"), NewAudit("patient.created", "t1", "p1"));
        Assert.AreEqual(ErrorCodes.PatientExists, again.Error!.Code);
    }
}
