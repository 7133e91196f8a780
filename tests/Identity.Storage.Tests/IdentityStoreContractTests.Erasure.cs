using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static async Task<CredentialRecord> IssueTaggedAsync(IIdentityStore store, string tenantId, string credentialId, string? tag)
    {
        var issued = await store.IssueCredentialAsync(
            tenantId, credentialId, 16, Signer(credentialId), NewAudit("credential.issued", tenantId, tag), tag);
        Assert.IsTrue(issued.IsSuccess, issued.ToString());
        return issued.Value;
    }

    [TestMethod]
    public async Task ErasePatient_RevokesFirst_ThenBlanksTheDocuments_AndKeepsOtherSubjects()
    {
        // Arrange: two credentials and a biometric record for one pseudonym, one already revoked; another subject's credential.
        var store = await CreateStoreWithTenantAsync();
        await AddTenantAsync(store, "t2");
        var first = await IssueTaggedAsync(store, "t1", "c1", "ps1:alice");
        await IssueTaggedAsync(store, "t1", "c2", "ps1:alice");
        await store.SetCredentialStatusAsync("t1", "c2", StatusPurpose.Revocation, true, T0, NewAudit("credential.revocation", "t1", "ps1:c2"));
        var enrolled = await store.EnrollBiometricAsync(NewBiometricRecord("t1", "r1", "c3"), 16, Signer("c3"), NewAudit("biometric.enrolled", "t1", "ps1:alice"), "ps1:alice");
        Assert.IsTrue(enrolled.IsSuccess, enrolled.ToString());
        await IssueTaggedAsync(store, "t1", "c4", "ps1:bob");
        await IssueTaggedAsync(store, "t2", "c1", "ps1:alice");
        await store.CreatePatientDidAsync(new PatientDidRecord("t1", "alice", ["z6MkA"], 1, T0, T0), NewAudit("patient.did.created", "t1", "ps1:alice"));
        var versionBefore = (await store.GetStatusListAsync("t1", first.Status.RevocationListId))!.Version;

        // Act
        var erased = await store.ErasePatientAsync("t1", "ps1:alice", "alice", T0.AddHours(1), NewAudit("patient.erased", "t1", "ps1:alice"));
        var again = await store.ErasePatientAsync("t1", "ps1:alice", "alice", T0.AddHours(2), NewAudit("patient.erased", "t1", "ps1:alice"));

        // Assert
        Assert.AreEqual(new ErasureReport(2, 3, 1, true), erased.Value);
        Assert.AreEqual(new ErasureReport(0, 0, 0, false), again.Value);
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            var row = (await store.GetCredentialAsync("t1", id))!;
            Assert.AreEqual((string.Empty, true), (row.Document, row.Revoked), id);
        }

        var list = (await store.GetStatusListAsync("t1", first.Status.RevocationListId))!;
        Assert.IsTrue(list.SetIndexes.Contains(first.Status.RevocationIndex));
        Assert.IsTrue(list.Version > versionBefore);
        Assert.IsNull(await store.GetBiometricRecordAsync("t1", "r1"));
        var patient = (await store.GetPatientDidAsync("t1", "alice"))!;
        Assert.IsTrue(patient.IsDeactivated && patient.PublicKeys.IsEmpty);
        Assert.IsFalse((await store.GetCredentialAsync("t1", "c4"))!.Revoked);
        Assert.AreNotEqual(string.Empty, (await store.GetCredentialAsync("t2", "c1"))!.Document);
        Assert.AreEqual(ErrorCodes.NotFound, (await store.ErasePatientAsync("nope", "ps1:alice", null, T0, NewAudit("patient.erased", "nope"))).Error!.Code);
    }

    [TestMethod]
    public async Task FindAudit_ReturnsOneTenantsEntriesAboutOneSubject_InOrder_Paged()
    {
        var store = await CreateStoreWithTenantAsync();
        await store.AppendAuditAsync(
        [
            NewAudit("a", "t1", "ps1:x"), NewAudit("b", "t1", "ps1:y"), NewAudit("c", "t2", "ps1:x"), NewAudit("d", "t1", "ps1:x"), NewAudit("e", null, "ps1:x"),
        ]);

        var all = await store.FindAuditAsync("t1", "ps1:x", 0, 10);
        var page = await store.FindAuditAsync("t1", "ps1:x", all[0].Sequence, 1);

        CollectionAssert.AreEqual(new[] { "a", "d" }, all.Select(r => r.Entry.Action).ToArray());
        CollectionAssert.AreEqual(new[] { "d" }, page.Select(r => r.Entry.Action).ToArray());
        Assert.AreEqual(0, (await store.FindAuditAsync("t1", "ps1:z", 0, 10)).Count);
    }
}
