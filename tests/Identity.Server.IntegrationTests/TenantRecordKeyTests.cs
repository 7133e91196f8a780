using System.Security.Cryptography;
using Identity.Cryptography;
using Identity.Server.Security;

namespace Identity.Server.IntegrationTests;

/// <summary>The sealed-record format binds tenant, kind and record id (AES-256-GCM associated data), and tampering is refused.</summary>
[TestClass]
public sealed class TenantRecordKeyTests
{
    private static TenantRecordKey KeyOf(string tenant, byte fill)
    {
        var buffer = new SecureBuffer(TenantSecrets.Size);
        buffer.CopyFrom(Enumerable.Repeat(fill, TenantSecrets.Size).ToArray());
        return new TenantRecordKey(tenant, buffer);
    }

    [TestMethod]
    public void SealText_RoundTrips_AndIsNotPlaintext()
    {
        var key = KeyOf("t1", 1);

        var sealedText = key.SealText("credential", "urn:uuid:1", "{\"diagnosis\":\"secret\"}");

        StringAssert.StartsWith(sealedText, TenantRecordKey.TextPrefix);
        Assert.IsFalse(sealedText.Contains("secret", StringComparison.Ordinal));
        Assert.AreEqual("{\"diagnosis\":\"secret\"}", key.OpenText("credential", "urn:uuid:1", sealedText));
        Assert.AreNotEqual(sealedText, key.SealText("credential", "urn:uuid:1", "{\"diagnosis\":\"secret\"}"), "a fresh nonce per seal");
    }

    [TestMethod]
    public void Open_MovedToAnotherRecordKindOrTenant_OrAltered_Throws()
    {
        var key = KeyOf("t1", 1);
        var sealedBytes = key.Seal("biometric", "bio-1", [1, 2, 3, 4]);
        var altered = (byte[])sealedBytes.Clone();
        altered[^1] ^= 1;

        Assert.ThrowsExactly<AuthenticationTagMismatchException>(() => key.Open("biometric", "bio-2", sealedBytes));
        Assert.ThrowsExactly<AuthenticationTagMismatchException>(() => key.Open("credential", "bio-1", sealedBytes));
        Assert.ThrowsExactly<AuthenticationTagMismatchException>(() => KeyOf("t2", 1).Open("biometric", "bio-1", sealedBytes));
        Assert.ThrowsExactly<AuthenticationTagMismatchException>(() => KeyOf("t1", 2).Open("biometric", "bio-1", sealedBytes));
        Assert.ThrowsExactly<AuthenticationTagMismatchException>(() => key.Open("biometric", "bio-1", altered));
        Assert.ThrowsExactly<CryptographicException>(() => key.Open("biometric", "bio-1", "IDE1"u8.ToArray()));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, key.Open("biometric", "bio-1", sealedBytes));
    }

    [TestMethod]
    public void Open_ValueWrittenBeforeEncryption_IsReturnedAsItIs()
    {
        var key = KeyOf("t1", 1);

        Assert.AreEqual("{\"id\":\"legacy\"}", key.OpenText("credential", "c", "{\"id\":\"legacy\"}"));
        CollectionAssert.AreEqual(new byte[] { 1, 9 }, key.Open("biometric", "r", [1, 9]));
    }
}
