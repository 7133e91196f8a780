using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary><c>present</c>, local <c>verify</c> and <c>did create | resolve</c>, in-process and without a server.</summary>
[TestClass]
public sealed class PresentVerifyDidTests
{
    private static async Task<(string Wallet, string Directory, string Did)> WalletWithCredentialAsync(Issuer issuer)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var did = (await Cli.RunAsync("wallet", "init", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        (await Cli.RunAsync(Cli.Env(), issuer.Issue(did, "urn:uuid:cafe").ToJsonString(), "wallet", "receive", "-", "--wallet", wallet)).AssertSuccess();
        return (wallet, directory, did);
    }

    [TestMethod]
    public async Task Present_ThenVerifyLocally_WithTheSameChallenge_Verifies_AndAnotherChallengeFails()
    {
        // Arrange
        using var issuer = new Issuer();
        var (wallet, directory, did) = await WalletWithCredentialAsync(issuer);
        var vp = Path.Combine(directory, "vp.json");

        // Act
        var present = await Cli.RunAsync("present", "--challenge", "c-123", "--domain", "clinic.example", "--credential", "urn:uuid:cafe", "--out", vp, "--wallet", wallet);
        var verified = await Cli.RunAsync("verify", vp, "--challenge", "c-123", "--domain", "clinic.example");
        var json = await Cli.RunAsync("verify", vp, "--challenge", "c-123", "--domain", "clinic.example", "--json");
        var wrongChallenge = await Cli.RunAsync("verify", vp, "--challenge", "c-999", "--domain", "clinic.example");
        var unknown = await Cli.RunAsync("present", "--challenge", "c", "--domain", "d", "--credential", "urn:uuid:nope", "--wallet", wallet);

        // Assert
        StringAssert.Contains(present.AssertSuccess().Output, did);
        StringAssert.Contains(verified.AssertSuccess().Output, "verified: the presentation passed every check");
        StringAssert.Contains(verified.Output, "holderBinding");
        Assert.IsTrue(json.AssertSuccess().Json["verified"]!.GetValue<bool>());
        Assert.AreEqual(1, wrongChallenge.ExitCode);
        StringAssert.Contains(wrongChallenge.Output, "not verified: challenge (challengeMismatch)");
        unknown.AssertFailure(ErrorCodes.NotFound);
    }

    [TestMethod]
    public async Task Present_ToStandardOutput_VerifiesFromStandardInput()
    {
        using var issuer = new Issuer();
        var (wallet, _, did) = await WalletWithCredentialAsync(issuer);

        var presentation = (await Cli.RunAsync("present", "--challenge", "c", "--domain", "d", "--wallet", wallet)).AssertSuccess().Output;
        var verified = await Cli.RunAsync(Cli.Env(), presentation, "verify", "-", "--challenge", "c", "--domain", "d");
        var tampered = await Cli.RunAsync(Cli.Env(), presentation.Replace(did, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", StringComparison.Ordinal), "verify", "-");

        verified.AssertSuccess();
        Assert.AreEqual(1, tampered.ExitCode);
        StringAssert.Contains(tampered.Output, "not verified");
    }

    [TestMethod]
    public async Task Present_WithQr_WritesAPng_WhenItFits_AndSaysSoWhenItDoesNot()
    {
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        (await Cli.RunAsync("wallet", "init", "--wallet", wallet)).AssertSuccess();
        using var issuer = new Issuer();
        var (fullWallet, _, _) = await WalletWithCredentialAsync(issuer);
        var small = Path.Combine(directory, "small.png");
        var large = Path.Combine(directory, "large.png");

        var fits = await Cli.RunAsync("present", "--challenge", "c", "--domain", "d", "--out", Path.Combine(directory, "a.json"), "--qr", small, "--wallet", wallet);
        var tooBig = await Cli.RunAsync("present", "--challenge", "c", "--domain", "d", "--out", Path.Combine(directory, "b.json"), "--qr", large, "--wallet", fullWallet, "--json");

        fits.AssertSuccess();
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await File.ReadAllBytesAsync(small))[..4]);
        tooBig.AssertSuccess();
        var note = tooBig.Json["qr"]!.GetValue<string>();
        if (File.Exists(large))
        {
            StringAssert.StartsWith(note, "QR code written");
        }
        else
        {
            StringAssert.Contains(note, "QR code not written");
        }
    }

    [TestMethod]
    public async Task Verify_NotJson_IsOneClearLine()
    {
        (await Cli.RunAsync(Cli.Env(), "{not json", "verify", "-")).AssertFailure(ErrorCodes.InvalidJson);
        (await Cli.RunAsync("verify", "/nonexistent/file.json")).AssertFailure(ErrorCodes.InvalidRequest);
        (await Cli.RunAsync(Cli.Env(), "{}", "verify", "-", "--biometric", "capture.json")).AssertFailure(ErrorCodes.InvalidRequest);
    }

    [TestMethod]
    [DataRow("key", "ed25519", "did:key:z6Mk")]
    [DataRow("key", "p256", "did:key:zDn")]
    [DataRow("key", "secp256k1", "did:key:zQ3s")]
    [DataRow("jwk", "ed25519", "did:jwk:")]
    [DataRow("jwk", "p256", "did:jwk:")]
    public async Task DidCreate_ThenResolveLocally_GivesTheSameDocument(string method, string type, string prefix)
    {
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("identity-cli-").FullName, "key.json");

        var created = (await Cli.RunAsync("did", "create", "--method", method, "--type", type, "--key-out", keyFile, "--json")).AssertSuccess().Json;
        var did = created["did"]!.GetValue<string>();
        var resolved = (await Cli.RunAsync("did", "resolve", did)).AssertSuccess().Json;

        StringAssert.StartsWith(did, prefix);
        Assert.AreEqual(did, resolved["id"]!.GetValue<string>());
        Assert.IsTrue(System.Text.Json.Nodes.JsonNode.DeepEquals(created["didDocument"], resolved));
        StringAssert.Contains(await File.ReadAllTextAsync(keyFile), "secretKeyMultibase");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [TestMethod]
    public async Task DidResolve_BadDid_AndUsageErrors_ExitNonZero()
    {
        (await Cli.RunAsync("did", "resolve", "not-a-did")).AssertFailure(ErrorCodes.InvalidDid);
        (await Cli.RunAsync("did", "resolve", "did:example:123")).AssertFailure(ErrorCodes.MethodNotSupported);
        Assert.AreNotEqual(0, (await Cli.RunAsync("did", "create", "--type", "rsa")).ExitCode);
        Assert.AreNotEqual(0, (await Cli.RunAsync("present", "--domain", "d")).ExitCode);
    }
}
