using System.Text;
using Identity.Cli.Wallet;

namespace Identity.Cli.Tests;

/// <summary>The wallet's decrypted content: wallets written before SD-JWT support still read, and formats round-trip.</summary>
[TestClass]
public sealed class WalletDataTests
{
    // The content layout of wallets written before credentials had a format: no "format" member.
    private const string BeforeSdJwt = """
        {"did":"did:key:z6MkOld","keys":[],"registered":[],
         "credentials":[{"id":"urn:uuid:1","received":"2025-01-02T03:04:05+00:00","document":"{\"id\":\"urn:uuid:1\"}"}]}
        """;

    [TestMethod]
    public void FromJson_CredentialWithoutFormat_IsDataIntegrity_AndIsWrittenBackWithoutOne()
    {
        var data = WalletData.FromJson(Encoding.UTF8.GetBytes(BeforeSdJwt))!;

        var stored = data.Credentials.Single();
        Assert.AreEqual(StoredCredential.DataIntegrity, stored.Format);
        Assert.IsFalse(stored.IsSdJwt);
        Assert.AreEqual("urn:uuid:1", stored.Parse()["id"]!.GetValue<string>());
        Assert.IsFalse(Encoding.UTF8.GetString(data.ToJsonBytes()).Contains("\"format\"", StringComparison.Ordinal));
    }

    [TestMethod]
    public void ToJson_SdJwtCredential_KeepsItsFormatAndToken()
    {
        var data = WalletData.FromJson(Encoding.UTF8.GetBytes(BeforeSdJwt))!;
        data.Credentials.Add(new StoredCredential("urn:uuid:2", DateTimeOffset.UnixEpoch, "eyJ.eyJ.sig~d1~", "dc+sd-jwt"));

        var again = WalletData.FromJson(data.ToJsonBytes())!;

        var stored = again.Credentials[1];
        Assert.AreEqual("dc+sd-jwt", stored.Format);
        Assert.IsTrue(stored.IsSdJwt);
        Assert.AreEqual("eyJ.eyJ.sig~d1~", stored.Document);
        Assert.ThrowsExactly<InvalidOperationException>(() => stored.Parse());
    }
}
