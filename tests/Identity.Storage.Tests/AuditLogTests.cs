using System.Security.Cryptography;
using System.Text;

namespace Identity.Storage.Tests;

[TestClass]
public sealed class AuditLogTests
{
    private static readonly DateTimeOffset s_at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    [TestMethod]
    public void LeafData_KnownEntry_IsTheCanonicalJsonAndHashesWithTheLeafPrefix()
    {
        var entry = new AuditEntry(s_at, "t1", "credential.issued", "urn:uuid:1", "ok");

        byte[] data = AuditLog.LeafData(1, entry);

        const string canonical =
            """{"action":"credential.issued","at":"2025-03-01T12:00:00.1234567Z","outcome":"ok","seq":1,"subject":"urn:uuid:1","tenant":"t1"}""";
        Assert.AreEqual(canonical, Encoding.UTF8.GetString(data));
        CollectionAssert.AreEqual(SHA256.HashData([0x00, .. data]), AuditLog.LeafHash(1, entry));
    }

    [TestMethod]
    public void LeafData_NullsAndOffset_UseJsonNullAndTheUtcInstant()
    {
        var entry = new AuditEntry(s_at.ToOffset(TimeSpan.FromHours(-5)), null, "service.started", null, "ok");

        const string canonical =
            """{"action":"service.started","at":"2025-03-01T12:00:00.1234567Z","outcome":"ok","seq":42,"subject":null,"tenant":null}""";
        Assert.AreEqual(canonical, Encoding.UTF8.GetString(AuditLog.LeafData(42, entry)));
    }

    [TestMethod]
    public void LeafHash_AnyFieldChanged_ChangesTheHash()
    {
        var entry = new AuditEntry(s_at, "t1", "a", "s", "ok");
        string baseline = Convert.ToHexString(AuditLog.LeafHash(1, entry));

        string[] variants =
        [
            Convert.ToHexString(AuditLog.LeafHash(2, entry)),
            Convert.ToHexString(AuditLog.LeafHash(1, entry with { At = s_at.AddTicks(1) })),
            Convert.ToHexString(AuditLog.LeafHash(1, entry with { TenantId = null })),
            Convert.ToHexString(AuditLog.LeafHash(1, entry with { Action = "b" })),
            Convert.ToHexString(AuditLog.LeafHash(1, entry with { Subject = "" })),
            Convert.ToHexString(AuditLog.LeafHash(1, entry with { Outcome = "denied" })),
        ];

        Assert.IsFalse(variants.Contains(baseline));
        Assert.HasCount(variants.Length, variants.Distinct());
    }

    [TestMethod]
    public void LeafData_LoneSurrogate_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => AuditLog.LeafData(1, new AuditEntry(s_at, "t1", "a", "\uDC00", "ok")));

    [TestMethod]
    public void LeafData_LongerThanAnEntryBundleAllows_Throws() =>
        Assert.ThrowsExactly<ArgumentException>(() => AuditLog.LeafData(1, new AuditEntry(s_at, "t1", "a", new string('x', 65_536), "ok")));
}
