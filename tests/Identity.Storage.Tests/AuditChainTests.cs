using System.Security.Cryptography;
using System.Text;

namespace Identity.Storage.Tests;

[TestClass]
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset s_at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static byte[] Expected(byte[] previous, string canonicalJson) =>
        SHA256.HashData([.. previous, .. Encoding.UTF8.GetBytes(canonicalJson)]);

    [TestMethod]
    public void ComputeHash_KnownEntry_HashesPreviousAndCanonicalJson()
    {
        var entry = new AuditEntry(s_at, "t1", "credential.issued", "urn:uuid:1", "ok");

        byte[] hash = AuditChain.ComputeHash(1, entry, AuditChain.Genesis);

        const string canonical =
            """{"action":"credential.issued","at":"2025-03-01T12:00:00.1234567Z","outcome":"ok","seq":1,"subject":"urn:uuid:1","tenant":"t1"}""";
        CollectionAssert.AreEqual(Expected(new byte[32], canonical), hash);
    }

    [TestMethod]
    public void ComputeHash_NullsAndOffset_UseJsonNullAndTheUtcInstant()
    {
        var entry = new AuditEntry(s_at.ToOffset(TimeSpan.FromHours(-5)), null, "service.started", null, "ok");
        byte[] previous = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        byte[] hash = AuditChain.ComputeHash(42, entry, previous);

        const string canonical =
            """{"action":"service.started","at":"2025-03-01T12:00:00.1234567Z","outcome":"ok","seq":42,"subject":null,"tenant":null}""";
        CollectionAssert.AreEqual(Expected(previous, canonical), hash);
    }

    [TestMethod]
    public void ComputeHash_AnyFieldChanged_ChangesTheHash()
    {
        var entry = new AuditEntry(s_at, "t1", "a", "s", "ok");
        byte[] baseline = AuditChain.ComputeHash(1, entry, AuditChain.Genesis);

        var variants = new[]
        {
            AuditChain.ComputeHash(2, entry, AuditChain.Genesis),
            AuditChain.ComputeHash(1, entry, Enumerable.Repeat((byte)1, 32).ToArray()),
            AuditChain.ComputeHash(1, entry with { At = s_at.AddTicks(1) }, AuditChain.Genesis),
            AuditChain.ComputeHash(1, entry with { TenantId = null }, AuditChain.Genesis),
            AuditChain.ComputeHash(1, entry with { Action = "b" }, AuditChain.Genesis),
            AuditChain.ComputeHash(1, entry with { Subject = "" }, AuditChain.Genesis),
            AuditChain.ComputeHash(1, entry with { Outcome = "denied" }, AuditChain.Genesis),
        };

        Assert.IsTrue(variants.All(v => !v.AsSpan().SequenceEqual(baseline)));
        Assert.HasCount(variants.Length, variants.Select(Convert.ToHexString).Distinct());
    }

    [TestMethod]
    public void ComputeHash_LoneSurrogate_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => AuditChain.ComputeHash(1, new AuditEntry(s_at, "t1", "a", "\uDC00", "ok"), AuditChain.Genesis));
    }

    [TestMethod]
    public void Genesis_Read_Is32ZeroBytesThatCallersCannotAlter()
    {
        byte[] genesis = AuditChain.Genesis;
        genesis[0] = 1;

        CollectionAssert.AreEqual(new byte[32], AuditChain.Genesis);
    }
}
