using System.Text.Json.Nodes;
using Identity.Cli.Device;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary><c>identity device init | bind | simulate</c> against a running service: binding through the wallet, streaming, resuming.</summary>
public sealed partial class ServerCommandTests
{
    private const string DevicePassphrase = "device gateway passphrase 7";

    [TestMethod]
    public async Task DeviceBindSimulate_StreamsSignedReadings_ThenContinuesAfterTheLastSequence()
    {
        // Arrange: a hospital, alice's wallet with a did:web it registered, a CGM bound through that wallet.
        var (env, device, patient, _) = await BoundCgmAsync("rpm-stream");

        // Act
        var first = (await Cli.RunAsync(env, null, "device", "simulate", "--kind", "cgm", "--interval", "5m", "--count", "30", "--batch", "10", "--seed", "3", "--device", device, "--json")).AssertSuccess().Json;
        // The next run's times follow the last one's: three readings a second apart, ending now (later ones would be waited for).
        var next = (await Cli.RunAsync(env, null, "device", "simulate", "--interval", "1s", "--count", "3", "--device", device, "--json")).AssertSuccess().Json;

        // Assert
        Assert.AreEqual(30, first["accepted"]!.GetValue<long>(), first.ToJsonString());
        Assert.AreEqual(0, first["duplicates"]!.GetValue<long>() + first["rejected"]!.GetValue<long>());
        Assert.AreEqual(1, first["firstSequence"]!.GetValue<long>());
        Assert.AreEqual(30, first["lastSequence"]!.GetValue<long>());
        Assert.AreEqual(patient, first["patient"]!.GetValue<string>());
        Assert.AreEqual(3, next["accepted"]!.GetValue<long>(), next.ToJsonString());
        Assert.AreEqual(31, next["firstSequence"]!.GetValue<long>());
        Assert.AreEqual(33, next["lastSequence"]!.GetValue<long>());
        var data = DeviceFile.Open(device, DevicePassphrase);
        Assert.AreEqual(33, data.LastAcknowledged);
        Assert.IsTrue(data.Run!.LastEffective <= DateTimeOffset.UtcNow, "never a reading from the future");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task DeviceSimulate_CrashMidRun_RestartSendsTheRestOnce(bool answerLost)
    {
        // Arrange: the connection dies at the third batch, before it reaches the service or after it was stored.
        var (env, device, _, _) = await BoundCgmAsync(answerLost ? "rpm-crash-after" : "rpm-crash-before");
        string[] simulate = ["device", "simulate", "--count", "40", "--batch", "10", "--seed", "9", "--device", device, "--json"];

        // Act
        var crashed = await RunWithHandlerAsync(env, new FailingHandler(failOnRequest: 3, afterSending: answerLost), simulate);
        var afterCrash = DeviceFile.Open(device, DevicePassphrase).LastAcknowledged;
        var resumed = (await Cli.RunAsync(env, null, simulate)).AssertSuccess().Json;

        // Assert: sequences 21–40 sent again; the batch the service had stored comes back as duplicates, nothing twice.
        Assert.AreNotEqual(0, crashed.ExitCode);
        Assert.AreEqual(ErrorCodes.ServerUnreachable, JsonNode.Parse(crashed.Error)!["error"]!["code"]!.GetValue<string>(), crashed.Error);
        Assert.AreEqual(20, afterCrash);
        Assert.AreEqual(21, resumed["firstSequence"]!.GetValue<long>(), resumed.ToJsonString());
        Assert.AreEqual(40, resumed["lastSequence"]!.GetValue<long>());
        Assert.AreEqual(answerLost ? 10 : 20, resumed["accepted"]!.GetValue<long>(), resumed.ToJsonString());
        Assert.AreEqual(answerLost ? 10 : 0, resumed["duplicates"]!.GetValue<long>());
        Assert.AreEqual(0, resumed["rejected"]!.GetValue<long>());
        Assert.AreEqual(40, DeviceFile.Open(device, DevicePassphrase).LastAcknowledged);
    }

    [TestMethod]
    public async Task DeviceBind_WithoutARegisteredDidWeb_OrWithAWrongKey_IsRefused()
    {
        var apiKey = await CreateTenantAsync("rpm-refusals");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var env = DeviceEnv();
        var wallet = Path.Combine(directory, "wallet.json");
        var device = Path.Combine(directory, "device.json");
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();
        (await Cli.RunAsync(env, null, "device", "init", "--device", device)).AssertSuccess();
        string[] Bind(string key) => ["device", "bind", "--server", Server, "--tenant", "rpm-refusals", "--key", key, "--kind", "cgm", "--wallet", wallet, "--device", device];

        (await Cli.RunAsync(env, null, Bind(apiKey))).AssertFailure(ErrorCodes.NotFound);
        (await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", "rpm-refusals", "--key", apiKey, "--wallet", wallet)).AssertSuccess();
        (await Cli.RunAsync(env, null, Bind("not-the-key"))).AssertFailure(ErrorCodes.Unauthorized);
        Assert.IsNull(DeviceFile.Open(device, DevicePassphrase).Binding);
    }

    private static Dictionary<string, string?> DeviceEnv()
    {
        var env = Cli.Env(loopback: true);
        env["IDENTITY_DEVICE_PASSPHRASE"] = DevicePassphrase;
        return env;
    }

    // A tenant, alice's wallet registered there, and a P-256 CGM bound to her through the wallet.
    private static async Task<(Dictionary<string, string?> Env, string Device, string Patient, string ApiKey)> BoundCgmAsync(string tenant)
    {
        var apiKey = await CreateTenantAsync(tenant);
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var env = DeviceEnv();
        env["IDENTITY_WALLET"] = Path.Combine(directory, "wallet.json");
        var device = Path.Combine(directory, "device.json");
        (await Cli.RunAsync(env, null, "wallet", "init")).AssertSuccess();
        var patient = (await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", tenant, "--key", apiKey, "--id", "alice", "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        (await Cli.RunAsync(env, null, "device", "init", "--device", device)).AssertSuccess();
        var bound = (await Cli.RunAsync(env, null, "device", "bind", "--server", Server, "--tenant", tenant, "--key", apiKey, "--kind", "cgm", "--device", device, "--json")).AssertSuccess().Json;
        Assert.AreEqual(patient, bound["patient"]!.GetValue<string>());
        StringAssert.StartsWith(bound["bindingId"]!.GetValue<string>(), "urn:uuid:");
        var stored = DeviceFile.Open(device, DevicePassphrase).Binding!;
        Assert.AreEqual("DeviceBindingCredential", JsonNode.Parse(stored.Credential)!["type"]![1]!.GetValue<string>());
        return (env, device, patient, apiKey);
    }

    private static async Task<CliRun> RunWithHandlerAsync(Dictionary<string, string?> environment, HttpMessageHandler handler, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext { Output = output, Error = error, Environment = name => environment.TryGetValue(name, out var v) ? v : null, HttpHandler = handler };
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Passes requests to the service until the n-th, which fails as a dropped connection would (before or after the service saw it).</summary>
    private sealed class FailingHandler(int failOnRequest, bool afterSending) : DelegatingHandler(new HttpClientHandler())
    {
        private int _count;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (++_count < failOnRequest)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (afterSending)
            {
                (await base.SendAsync(request, cancellationToken)).Dispose();
            }

            throw new HttpRequestException("connection reset (simulated)");
        }
    }
}
