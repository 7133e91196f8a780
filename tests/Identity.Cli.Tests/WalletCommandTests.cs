using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>The wallet file: creation, encryption at rest, wrong passphrase and damage, receive and remove.</summary>
[TestClass]
public sealed class WalletCommandTests
{
    public TestContext TestContext { get; set; } = null!;

    private string NewWalletPath() => Path.Combine(Directory.CreateTempSubdirectory("identity-cli-").FullName, "wallet.json");

    private static async Task<string> InitAsync(string wallet) =>
        (await Cli.RunAsync("wallet", "init", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();

    private static async Task<string> WriteAsync(string directory, JsonObject document)
    {
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, document.ToJsonString());
        return path;
    }

    [TestMethod]
    public async Task Init_CreatesOwnerOnlyEncryptedWallet_WithADidKey()
    {
        var wallet = NewWalletPath();

        var did = await InitAsync(wallet);
        var shown = (await Cli.RunAsync("wallet", "show", "--wallet", wallet, "--json")).AssertSuccess().Json;

        StringAssert.StartsWith(did, "did:key:z6Mk");
        Assert.AreEqual(did, shown["did"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(wallet));
        }

        var text = await File.ReadAllTextAsync(wallet);
        Assert.IsFalse(text.Contains(did["did:key:".Length..], StringComparison.Ordinal), "The key must not appear in clear.");
        Assert.IsFalse(text.Contains("secretKeyMultibase", StringComparison.Ordinal));
        Assert.AreEqual(0, Directory.GetFiles(Path.GetDirectoryName(wallet)!, "*.tmp").Length, "No temporary file may remain.");
    }

    [TestMethod]
    public async Task Init_OverAnExistingWallet_IsRefused_AndTheFileIsKept()
    {
        var wallet = NewWalletPath();
        await InitAsync(wallet);
        var before = await File.ReadAllBytesAsync(wallet);

        (await Cli.RunAsync("wallet", "init", "--wallet", wallet)).AssertFailure(ErrorCodes.WalletExists);

        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(wallet));
    }

    [TestMethod]
    public async Task WrongPassphrase_OneClearLine_NonZeroExit_FileIntact()
    {
        var wallet = NewWalletPath();
        await InitAsync(wallet);
        var before = await File.ReadAllBytesAsync(wallet);

        var run = await Cli.RunAsync(Cli.Env("not the passphrase"), null, "wallet", "list", "--wallet", wallet);

        run.AssertFailure(ErrorCodes.WrongPassphrase);
        StringAssert.Contains(run.Error, "passphrase does not open");
        Assert.IsFalse(run.Error.Contains("not the passphrase", StringComparison.Ordinal), "The passphrase must never be echoed.");
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(wallet));
    }

    [TestMethod]
    [DataRow("garbage")]
    [DataRow("truncated")]
    [DataRow("ciphertext")]
    [DataRow("tag")]
    [DataRow("salt")]
    [DataRow("memLimit")]
    public async Task CorruptedWallet_OneClearLine_NonZeroExit_FileLeftByteForByte(string damage)
    {
        // Arrange: a wallet holding a credential, then damaged in one way.
        var wallet = NewWalletPath();
        var did = await InitAsync(wallet);
        using var issuer = new Issuer();
        (await Cli.RunAsync("wallet", "receive", await WriteAsync(Path.GetDirectoryName(wallet)!, issuer.Issue(did)), "--wallet", wallet)).AssertSuccess();
        var envelope = JsonNode.Parse(await File.ReadAllTextAsync(wallet))!.AsObject();
        string damaged = damage switch
        {
            "garbage" => "this is not a wallet",
            "truncated" => (await File.ReadAllTextAsync(wallet))[..100],
            "memLimit" => Set(envelope, "memLimit", JsonValue.Create(1L << 40)),
            _ => Set(envelope, damage, FlipFirstByte(envelope[damage]!.GetValue<string>())),
        };
        await File.WriteAllTextAsync(wallet, damaged);
        var before = await File.ReadAllBytesAsync(wallet);

        // Act
        var list = await Cli.RunAsync("wallet", "list", "--wallet", wallet);
        var receive = await Cli.RunAsync("wallet", "receive", await WriteAsync(Path.GetDirectoryName(wallet)!, issuer.Issue(did)), "--wallet", wallet);

        // Assert: a changed salt derives another key, so it reads as a wrong passphrase; everything else is damage.
        var expected = damage == "salt" ? ErrorCodes.WrongPassphrase : ErrorCodes.WalletCorrupted;
        list.AssertFailure(expected);
        receive.AssertFailure(expected);
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(wallet));
    }

    [TestMethod]
    public async Task NoPassphrase_AndNoTerminal_FailsWithPassphraseRequired()
    {
        var wallet = NewWalletPath();

        var run = await Cli.RunAsync(Cli.Env(passphrase: null), null, "wallet", "init", "--wallet", wallet);

        run.AssertFailure(ErrorCodes.PassphraseRequired);
        Assert.IsFalse(File.Exists(wallet));
    }

    [TestMethod]
    public async Task MissingWallet_FailsWithWalletNotFound()
    {
        (await Cli.RunAsync("wallet", "show", "--wallet", NewWalletPath())).AssertFailure(ErrorCodes.WalletNotFound);
    }

    [TestMethod]
    public async Task Receive_VerifiedCredentialForThisWallet_ThenListAndRemove()
    {
        // Arrange
        var wallet = NewWalletPath();
        var did = await InitAsync(wallet);
        using var issuer = new Issuer();
        var credential = issuer.Issue(did, "urn:uuid:11111111-2222-3333-4444-555555555555");

        // Act
        var received = await Cli.RunAsync(Cli.Env(), credential.ToJsonString(), "wallet", "receive", "-", "--wallet", wallet);
        var again = await Cli.RunAsync(Cli.Env(), credential.ToJsonString(), "wallet", "receive", "-", "--wallet", wallet);
        var listed = await Cli.RunAsync("wallet", "list", "--check", "--wallet", wallet, "--json");
        var table = await Cli.RunAsync("wallet", "list", "--wallet", wallet);
        var removed = await Cli.RunAsync("wallet", "remove", "urn:uuid:11111111-2222-3333-4444-555555555555", "--wallet", wallet);
        var empty = await Cli.RunAsync("wallet", "list", "--wallet", wallet, "--json");
        var missing = await Cli.RunAsync("wallet", "remove", "urn:uuid:11111111-2222-3333-4444-555555555555", "--wallet", wallet);

        // Assert
        StringAssert.Contains(received.AssertSuccess().Output, "PatientIdentityCredential");
        again.AssertFailure(ErrorCodes.CredentialExists);
        var row = listed.AssertSuccess().Json["credentials"]!.AsArray().Single()!;
        Assert.AreEqual(issuer.Did, row["issuer"]!.GetValue<string>());
        Assert.AreEqual("PatientIdentityCredential", row["type"]!.GetValue<string>());
        Assert.AreEqual("verified", row["check"]!.GetValue<string>());
        StringAssert.Contains(table.AssertSuccess().Output, "urn:uuid:11111111-2222-3333-4444-555555555555");
        removed.AssertSuccess();
        Assert.AreEqual(0, empty.AssertSuccess().Json["credentials"]!.AsArray().Count);
        missing.AssertFailure(ErrorCodes.NotFound);
    }

    [TestMethod]
    public async Task Receive_CredentialForAnotherDid_IsRefused_AndNotStored()
    {
        var wallet = NewWalletPath();
        await InitAsync(wallet);
        using var issuer = new Issuer();
        using var someoneElse = new Issuer();
        var file = await WriteAsync(Path.GetDirectoryName(wallet)!, issuer.Issue(someoneElse.Did));

        var run = await Cli.RunAsync("wallet", "receive", file, "--wallet", wallet);

        run.AssertFailure(ErrorCodes.CredentialNotForWallet);
        StringAssert.Contains(run.Error, someoneElse.Did);
        Assert.AreEqual(0, (await Cli.RunAsync("wallet", "show", "--wallet", wallet, "--json")).Json["credentials"]!.GetValue<int>());
    }

    [TestMethod]
    public async Task Receive_TamperedCredential_IsRefusedOnItsProof()
    {
        var wallet = NewWalletPath();
        var did = await InitAsync(wallet);
        using var issuer = new Issuer();
        var credential = issuer.Issue(did);
        credential["credentialSubject"]!["givenName"] = "Mallory";

        var run = await Cli.RunAsync(Cli.Env(), credential.ToJsonString(), "wallet", "receive", "-", "--wallet", wallet, "--json");

        // With --json the error is JSON too, on standard error; standard output stays empty.
        var error = JsonNode.Parse(run.Error)!["error"]!;
        Assert.AreEqual(1, run.ExitCode);
        Assert.AreEqual("", run.Output);
        Assert.AreEqual(ErrorCodes.InvalidProof, error["code"]!.GetValue<string>());
        StringAssert.Contains(error["detail"]!.GetValue<string>(), "not added");
    }

    private static string Set(JsonObject envelope, string name, JsonNode? value)
    {
        envelope[name] = value;
        return envelope.ToJsonString();
    }

    private static string FlipFirstByte(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[0] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
