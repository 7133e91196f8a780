using System.Text.Json.Nodes;
using Identity.Cli.Commands;
using Identity.Cli.Device;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary><c>identity device init</c> and the device file: sealed like the wallet, refused when it cannot be trusted.</summary>
[TestClass]
public sealed class DeviceCommandTests
{
    private const string DevicePassphrase = "device gateway passphrase 7";

    private static Dictionary<string, string?> Env(string? devicePassphrase = DevicePassphrase)
    {
        var env = Cli.Env();
        env["IDENTITY_DEVICE_PASSPHRASE"] = devicePassphrase;
        return env;
    }

    private static string NewPath() => Path.Combine(Directory.CreateTempSubdirectory("identity-device-").FullName, "device.json");

    [TestMethod]
    [DataRow(new string[0], "did:key:zDn", "ES256")]
    [DataRow(new[] { "--alg", "ed25519" }, "did:key:z6Mk", "EdDSA")]
    [DataRow(new[] { "--did-method", "jwk" }, "did:jwk:", "ES256")]
    public async Task Init_CreatesAnOwnerOnlyEncryptedDeviceFile_WithTheChosenKeyAndDid(string[] options, string didPrefix, string jwsAlg)
    {
        var path = NewPath();

        var created = (await Cli.RunAsync(Env(), null, ["device", "init", "--device", path, "--json", .. options])).AssertSuccess().Json;

        var did = created["did"]!.GetValue<string>();
        StringAssert.StartsWith(did, didPrefix);
        StringAssert.StartsWith(created["verificationMethod"]!.GetValue<string>(), did + "#");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        var text = await File.ReadAllTextAsync(path);
        var envelope = JsonNode.Parse(text)!;
        Assert.AreEqual("identity-device", envelope["format"]!.GetValue<string>());
        Assert.AreEqual("argon2id", envelope["kdf"]!.GetValue<string>());
        Assert.IsFalse(text.Contains("secretKeyMultibase", StringComparison.Ordinal) || text.Contains(did, StringComparison.Ordinal), "nothing in clear");
        var data = DeviceFile.Open(path, DevicePassphrase);
        Assert.AreEqual(did, data.Did);
        Assert.AreEqual(0, data.LastAcknowledged);
        Assert.IsNull(data.Binding);
        using var key = data.OpenKey();
        Assert.AreEqual(jwsAlg, Identity.Credentials.Jose.JwsAlgorithms.ForKey(key.KeyType)!.JwsAlgorithm);
    }

    [TestMethod]
    public async Task Init_OverAnExistingFile_IsRefused_AndTheFileIsKept()
    {
        var path = NewPath();
        (await Cli.RunAsync(Env(), null, "device", "init", "--device", path)).AssertSuccess();
        var before = await File.ReadAllBytesAsync(path);

        (await Cli.RunAsync(Env(), null, "device", "init", "--device", path)).AssertFailure(ErrorCodes.DeviceFileExists);

        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(path));
    }

    [TestMethod]
    public async Task DeviceFile_WrongPassphrase_MissingFile_WeakOrNoPassphrase_AreOneLineErrors()
    {
        var path = NewPath();
        (await Cli.RunAsync(Env(), null, "device", "init", "--device", path)).AssertSuccess();
        var before = await File.ReadAllBytesAsync(path);

        (await Cli.RunAsync(Env("not the device passphrase"), null, "device", "simulate", "--count", "1", "--device", path)).AssertFailure(ErrorCodes.WrongPassphrase);
        (await Cli.RunAsync(Env(), null, "device", "simulate", "--count", "1", "--device", path + ".missing")).AssertFailure(ErrorCodes.DeviceFileNotFound);
        (await Cli.RunAsync(Env("short"), null, "device", "init", "--device", NewPath())).AssertFailure(ErrorCodes.WeakPassphrase);
        var none = await Cli.RunAsync(Env(null), null, "device", "init", "--device", NewPath());
        none.AssertFailure(ErrorCodes.PassphraseRequired);
        StringAssert.Contains(none.Error, "IDENTITY_DEVICE_PASSPHRASE");
        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(path));
    }

    [TestMethod]
    [DataRow("tamper")]
    [DataRow("wallet")]
    public async Task DeviceFile_TamperedOrAWallet_IsCorrupted_AndLeftUntouched(string damage)
    {
        var path = NewPath();
        if (damage == "wallet")
        {
            // A wallet sealed with the same passphrase: another format, so it never opens as a device.
            var env = Cli.Env(DevicePassphrase);
            (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", path)).AssertSuccess();
        }
        else
        {
            (await Cli.RunAsync(Env(), null, "device", "init", "--device", path)).AssertSuccess();
            var envelope = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
            var ciphertext = Convert.FromBase64String(envelope["ciphertext"]!.GetValue<string>());
            ciphertext[5] ^= 1;
            envelope["ciphertext"] = Convert.ToBase64String(ciphertext);
            SecureFiles.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }

        var before = await File.ReadAllBytesAsync(path);

        (await Cli.RunAsync(Env(), null, "device", "simulate", "--count", "1", "--device", path)).AssertFailure(ErrorCodes.DeviceFileCorrupted);

        CollectionAssert.AreEqual(before, await File.ReadAllBytesAsync(path));
    }

    [TestMethod]
    public async Task Simulate_BeforeBind_IsDeviceFileUnbound()
    {
        var path = NewPath();
        (await Cli.RunAsync(Env(), null, "device", "init", "--device", path)).AssertSuccess();

        (await Cli.RunAsync(Env(), null, "device", "simulate", "--kind", "cgm", "--count", "3", "--device", path)).AssertFailure(ErrorCodes.DeviceFileUnbound);
        var unknownKind = await Cli.RunAsync(Env(), null, "device", "simulate", "--kind", "thermometer", "--count", "3", "--device", path);
        Assert.AreEqual(2, unknownKind.ExitCode);
        StringAssert.Contains(unknownKind.Error, $"[{ErrorCodes.InvalidRequest}]");
    }

    [TestMethod]
    [DataRow("5m", 300)]
    [DataRow("30s", 30)]
    [DataRow("1h", 3600)]
    [DataRow("00:05:00", 300)]
    public void ParseInterval_Accepts(string text, int seconds) =>
        Assert.AreEqual(TimeSpan.FromSeconds(seconds), DeviceCommands.ParseInterval(text));

    [TestMethod]
    [DataRow("0s")]
    [DataRow("25h")]
    [DataRow("5x")]
    [DataRow("-5m")]
    [DataRow("00:00:00.5")]
    public void ParseInterval_Refuses(string text) =>
        Assert.AreEqual(ErrorCodes.InvalidRequest, Assert.ThrowsExactly<CliException>(() => DeviceCommands.ParseInterval(text)).Code);
}
