using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>The built executable as a user runs it: help, exit codes, one-line errors, and no secret on any stream.</summary>
[TestClass]
public sealed class ProcessTests
{
    [TestMethod]
    public async Task Help_ListsEveryCommand()
    {
        var run = (await Cli.RunProcessAsync(new Dictionary<string, string?>(), "--help")).AssertSuccess();

        foreach (var command in new[] { "wallet", "present", "verify", "did", "tenant", "issue", "revoke", "challenge" })
        {
            StringAssert.Contains(run.Output, command);
        }
    }

    [TestMethod]
    public async Task WalletLifecycle_ThroughTheProcess_WrongPassphraseIsOneLineOnStandardError()
    {
        var wallet = Path.Combine(Directory.CreateTempSubdirectory("identity-cli-").FullName, "wallet.json");
        var good = new Dictionary<string, string?> { ["IDENTITY_WALLET_PASSPHRASE"] = "process passphrase", ["IDENTITY_WALLET"] = wallet };
        var bad = new Dictionary<string, string?> { ["IDENTITY_WALLET_PASSPHRASE"] = "wrong process passphrase", ["IDENTITY_WALLET"] = wallet };

        var init = await Cli.RunProcessAsync(good, "wallet", "init");
        var show = await Cli.RunProcessAsync(good, "wallet", "show");
        var wrong = await Cli.RunProcessAsync(bad, "wallet", "show");

        StringAssert.Contains(init.AssertSuccess().Output, "DID: did:key:z6Mk");
        StringAssert.Contains(show.AssertSuccess().Output, wallet);
        wrong.AssertFailure(ErrorCodes.WrongPassphrase);
        Assert.AreEqual("", wrong.Output);
        Assert.IsFalse((wrong.Error + init.Output + show.Output).Contains("passphrase\"", StringComparison.Ordinal));
        Assert.IsFalse(init.Output.Contains("process passphrase", StringComparison.Ordinal) || wrong.Error.Contains("wrong process passphrase", StringComparison.Ordinal));
    }
}
