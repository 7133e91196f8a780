using Identity.Primitives;

namespace Identity.Storage.Tests;

public abstract partial class IdentityStoreContractTests
{
    private static StoredBiometricRecord NewBiometricRecord(string tenantId, string recordId, string credentialId) =>
        new(tenantId, recordId, credentialId, [1, 2, 3, (byte)recordId.Length, 0xFF], T0);

    [TestMethod]
    public async Task EnrollBiometric_New_StoresRecordAndCredentialTogether()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        var record = NewBiometricRecord("t1", "r1", "urn:uuid:b1");

        var enrolled = await store.EnrollBiometricAsync(record, 1000, Signer("urn:uuid:b1"), NewAudit("biometric.enrolled", "t1", "r1"));

        Assert.IsTrue(enrolled.IsSuccess, enrolled.ToString());
        Assert.AreEqual("urn:uuid:b1", enrolled.Value.CredentialId);
        Assert.AreEqual(enrolled.Value, await store.GetCredentialAsync("t1", "urn:uuid:b1"));
        var read = await store.GetBiometricRecordAsync("t1", "r1");
        Assert.IsNotNull(read);
        Assert.AreEqual("urn:uuid:b1", read.CredentialId);
        CollectionAssert.AreEqual(record.Record, read.Record);
        Assert.AreEqual(T0, read.CreatedAt);
        Assert.AreEqual("biometric.enrolled", (await ReadAllAuditAsync(store))[^1].Entry.Action);
    }

    [TestMethod]
    public async Task EnrollBiometric_SignerFails_WritesNeitherRecordNorCredential()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        var auditBefore = await ReadAllAuditAsync(store);
        var signerError = new Error(ErrorCodes.InvalidPrivateKey, "The key cannot sign.");

        var failed = await store.EnrollBiometricAsync(NewBiometricRecord("t1", "r1", "c1"), 1000, _ => signerError, NewAudit("biometric.enrolled", "t1", "r1"));

        Assert.AreEqual(signerError, failed.Error);
        Assert.IsNull(await store.GetBiometricRecordAsync("t1", "r1"));
        Assert.IsNull(await store.GetCredentialAsync("t1", "c1"));
        Assert.HasCount(auditBefore.Count, await ReadAllAuditAsync(store));
    }

    [TestMethod]
    public async Task EnrollBiometric_CredentialIdTaken_WritesNoRecord()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "c1");

        var failed = await store.EnrollBiometricAsync(NewBiometricRecord("t1", "r1", "c1"), 1000, Signer("c1"), NewAudit("biometric.enrolled", "t1", "r1"));

        Assert.AreEqual(ErrorCodes.CredentialExists, failed.Error?.Code);
        Assert.IsNull(await store.GetBiometricRecordAsync("t1", "r1"));
    }

    [TestMethod]
    public async Task EnrollBiometric_RecordInsertFails_WritesNeitherCredentialNorAuditEntry()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        Assert.IsTrue((await store.EnrollBiometricAsync(NewBiometricRecord("t1", "r1", "c1"), 1000, Signer("c1"), NewAudit("biometric.enrolled", "t1", "r1"))).IsSuccess);
        var auditBefore = await ReadAllAuditAsync(store);

        // The record id is taken, so the record's insert fails after the credential's, in the same transaction.
        Result<CredentialRecord>? result = null;
        try
        {
            result = await store.EnrollBiometricAsync(NewBiometricRecord("t1", "r1", "c2"), 1000, Signer("c2"), NewAudit("biometric.enrolled", "t1", "r1"));
        }
        catch (System.Data.Common.DbException)
        {
            // The engine's refusal surfaces as its exception; what matters is what was stored.
        }

        Assert.IsFalse(result?.IsSuccess ?? false);
        Assert.IsNull(await store.GetCredentialAsync("t1", "c2"));
        Assert.AreEqual("c1", (await store.GetBiometricRecordAsync("t1", "r1"))?.CredentialId);
        Assert.HasCount(auditBefore.Count, await ReadAllAuditAsync(store));
        Assert.IsTrue((await AuditLog.VerifyAsync(store, CancellationToken.None)).Valid);
    }

    [TestMethod]
    public async Task EnrollBiometric_SignerWritesMeanwhile_SignsOutsideTheWriteTransaction()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await IssueAsync(store, "t1", "first"); // the tenant's lists exist: reserving needs no list to be opened
        var sign = Signer("c1");
        bool? otherWriteFinished = null;

        // Arrange: a signer that issues another credential of the tenant and waits for it. Signing inside the write
        // transaction would hold the very locks (status lists, SQLite's writer) that issuance needs: it would never finish.
        var enrolled = await store.EnrollBiometricAsync(
            NewBiometricRecord("t1", "r1", "c1"),
            131072,
            allocation =>
            {
                otherWriteFinished ??= Task.Run(() => IssueAsync(store, "t1", "other")).Wait(TimeSpan.FromSeconds(20));
                return sign(allocation);
            },
            NewAudit("biometric.enrolled", "t1", "r1"));

        Assert.IsTrue(otherWriteFinished);
        Assert.IsTrue(enrolled.IsSuccess, enrolled.ToString());
        Assert.IsNotNull(await store.GetCredentialAsync("t1", "other"));
        Assert.AreEqual("c1", (await store.GetBiometricRecordAsync("t1", "r1"))?.CredentialId);
    }

    [TestMethod]
    public async Task GetBiometricRecord_OtherTenantOrUnknown_ReturnsNull()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");
        await store.EnrollBiometricAsync(NewBiometricRecord("t1", "r1", "c1"), 1000, Signer("c1"), NewAudit("biometric.enrolled", "t1", "r1"));

        Assert.IsNull(await store.GetBiometricRecordAsync("t2", "r1"));
        Assert.IsNull(await store.GetBiometricRecordAsync("t1", "r2"));
    }

    [TestMethod]
    public async Task GetOrAddTenantSecret_SecondCandidate_ReturnsTheFirst()
    {
        var store = await CreateStoreWithTenantAsync("t1");
        await AddTenantAsync(store, "t2");

        var first = await store.GetOrAddTenantSecretAsync("t1", "biometric-pepper", [1, 1, 1], T0);
        var second = await store.GetOrAddTenantSecretAsync("t1", "biometric-pepper", [2, 2, 2], T0);
        var otherTenant = await store.GetOrAddTenantSecretAsync("t2", "biometric-pepper", [3, 3, 3], T0);
        var unknown = await store.GetOrAddTenantSecretAsync("nobody", "biometric-pepper", [4], T0);

        CollectionAssert.AreEqual(new byte[] { 1, 1, 1 }, first.Value);
        CollectionAssert.AreEqual(new byte[] { 1, 1, 1 }, second.Value);
        CollectionAssert.AreEqual(new byte[] { 3, 3, 3 }, otherTenant.Value);
        Assert.AreEqual(ErrorCodes.NotFound, unknown.Error?.Code);
    }

    [TestMethod]
    public async Task GetOrAddTenantSecret_20Concurrent_AllGetTheSameSecret()
    {
        var store = await CreateStoreWithTenantAsync("t1");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => store.GetOrAddTenantSecretAsync("t1", "pepper", [(byte)i], T0)));

        Assert.HasCount(1, results.Select(r => r.Value[0]).Distinct().ToList());
    }
}
