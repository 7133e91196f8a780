using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>
/// The CLI as a .NET user expects it: named <c>identity</c> in help, usage errors and JSON errors on standard error,
/// <c>--server</c> from <c>IDENTITY_SERVER</c>, hints that name the fix, a strong passphrase for a new wallet, a warning
/// for a wallet others can read, and output within 100 columns.
/// </summary>
[TestClass]
public sealed class CliUxTests
{
    private static string NewWalletPath() => Path.Combine(Directory.CreateTempSubdirectory("identity-cli-").FullName, "wallet.json");

    [TestMethod]
    public async Task Help_NamesTheToolIdentity()
    {
        var run = (await Cli.RunAsync("--help")).AssertSuccess();
        var sub = (await Cli.RunAsync("tenant", "create", "--help")).AssertSuccess();

        StringAssert.Contains(run.Output, "identity [command] [options]");
        StringAssert.Contains(sub.Output, "identity tenant create <NAME> [options]");
        StringAssert.Contains(sub.Output, "$IDENTITY_SERVER");
        Assert.DoesNotContain("Identity.Cli", run.Output + sub.Output);
    }

    [TestMethod]
    public async Task UsageError_IsOneLineOnStandardError_NamingTheHelpToRead()
    {
        var run = await Cli.RunAsync("wallet", "bogus");
        var json = await Cli.RunAsync("wallet", "bogus", "--json");

        Assert.AreEqual(2, run.ExitCode);
        Assert.AreEqual("", run.Output);
        run.AssertFailure(ErrorCodes.InvalidRequest);
        StringAssert.Contains(run.Error, "See 'identity wallet --help'.");
        Assert.AreEqual("", json.Output);
        Assert.AreEqual(ErrorCodes.InvalidRequest, ((JsonObject)JsonNode.Parse(json.Error)!)["error"]!["code"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task NoServer_FailsWithServerRequired_AndTheFix_OnStandardErrorEvenWithJson()
    {
        var text = await Cli.RunAsync("challenge");
        var json = await Cli.RunAsync("tenant", "create", "St Mary's", "--admin-key", "k", "--json");

        text.AssertFailure(ErrorCodes.ServerRequired);
        StringAssert.Contains(text.Error, "--server URL");
        StringAssert.Contains(text.Error, "IDENTITY_SERVER");
        Assert.AreEqual("", json.Output);
        var error = ((JsonObject)JsonNode.Parse(json.Error)!)["error"]!;
        Assert.AreEqual(ErrorCodes.ServerRequired, error["code"]!.GetValue<string>());
        StringAssert.Contains(error["hint"]!.GetValue<string>(), "IDENTITY_SERVER");
    }

    [TestMethod]
    public async Task Server_FromTheEnvironment_IsUsedWhenTheOptionIsAbsent()
    {
        var environment = Cli.Env();
        environment["IDENTITY_SERVER"] = "http://127.0.0.1:1";

        var run = await Cli.RunAsync(environment, null, "challenge");

        run.AssertFailure(ErrorCodes.ServerUnreachable);
        StringAssert.Contains(run.Error, "http://127.0.0.1:1/");
        StringAssert.Contains(run.Error, "Is the service running");
    }

    [TestMethod]
    [DataRow("hunter2")]
    [DataRow("aaaabbbbaaaabbbb")]
    [DataRow("password1234")]
    [DataRow("Password 1234")]
    public async Task WalletInit_WeakPassphrase_IsRefusedAndNothingIsWritten(string passphrase)
    {
        var wallet = NewWalletPath();

        var run = await Cli.RunAsync(Cli.Env(passphrase), null, "wallet", "init", "--wallet", wallet);

        run.AssertFailure(ErrorCodes.WeakPassphrase);
        Assert.IsFalse(File.Exists(wallet));
        Assert.DoesNotContain(passphrase, run.Error);
    }

    [TestMethod]
    public async Task WalletOpen_ReadableByOthers_WarnsWithTheChmodThatFixesIt()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Inconclusive("Unix file modes only.");
            return;
        }

        // Arrange: a wallet copied with the default umask.
        var wallet = NewWalletPath();
        (await Cli.RunAsync("wallet", "init", "--wallet", wallet)).AssertSuccess();
        var quiet = await Cli.RunAsync("wallet", "show", "--wallet", wallet);
        File.SetUnixFileMode(wallet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // Act
        var run = await Cli.RunAsync("wallet", "show", "--wallet", wallet, "--json");

        // Assert: it still opens; the warning is on standard error, standard output stays JSON.
        Assert.AreEqual("", quiet.AssertSuccess().Error);
        run.AssertSuccess();
        StringAssert.Contains(run.Error, "warning: ");
        StringAssert.Contains(run.Error, "mode 644");
        StringAssert.Contains(run.Error, $"chmod 600 {wallet}");
        Assert.IsNotNull(run.Json["did"]);
    }

    [TestMethod]
    public async Task WalletReceive_LoopbackIssuer_FailsWithAHintNamingServerAndTheLoopbackSetting()
    {
        // Arrange: a credential whose issuer is a did:web on this machine.
        using var issuer = new Issuer();
        var wallet = NewWalletPath();
        var did = (await Cli.RunAsync("wallet", "init", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        var credential = issuer.Issue(did, claimedIssuer: "did:web:127.0.0.1%3A9");
        var file = Path.Combine(Path.GetDirectoryName(wallet)!, "vc.json");
        await File.WriteAllTextAsync(file, credential.ToJsonString());

        // Act
        var run = await Cli.RunAsync("wallet", "receive", file, "--wallet", wallet);

        // Assert
        run.AssertFailure(ErrorCodes.AddressNotAllowed);
        StringAssert.Contains(run.Error, "--server URL");
        StringAssert.Contains(run.Error, "IDENTITY_DID_WEB_ALLOW_LOOPBACK=1");
    }

    [TestMethod]
    public async Task WalletList_FitsIn100Columns()
    {
        // Arrange: a credential with a long id, type and issuer.
        using var issuer = new Issuer();
        var wallet = NewWalletPath();
        var did = (await Cli.RunAsync("wallet", "init", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        var file = Path.Combine(Path.GetDirectoryName(wallet)!, "vc.json");
        await File.WriteAllTextAsync(file, issuer.Issue(did, "urn:uuid:11111111-2222-3333-4444-555555555555").ToJsonString());
        (await Cli.RunAsync("wallet", "receive", file, "--wallet", wallet)).AssertSuccess();

        // Act
        var run = (await Cli.RunAsync("wallet", "list", "--check", "--wallet", wallet)).AssertSuccess();

        // Assert
        StringAssert.Contains(run.Output, "urn:uuid:11111111-2222-3333-4444-555555555555");
        StringAssert.Contains(run.Output, issuer.Did);
        AssertFits(run.Output);
    }

    [TestMethod]
    public async Task Verify_Table_FitsIn100Columns()
    {
        // Arrange: a failing verification prints every check with its detail.
        using var issuer = new Issuer();
        var credential = issuer.Issue("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        credential["credentialSubject"]!["givenName"] = "Mallory";
        var file = Path.Combine(Directory.CreateTempSubdirectory("identity-cli-").FullName, "vc.json");
        await File.WriteAllTextAsync(file, credential.ToJsonString());

        // Act
        var run = await Cli.RunAsync("verify", file);

        // Assert
        Assert.AreEqual(1, run.ExitCode, run.Error);
        StringAssert.Contains(run.Output, "proof");
        AssertFits(run.Output);
    }

    private static void AssertFits(string output)
    {
        foreach (var line in output.Split('\n'))
        {
            Assert.IsLessThanOrEqualTo(100, line.TrimEnd('\r').Length, line);
        }
    }
}
