using Identity.Testing;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary>The commands that talk to a real service over HTTP: operator, hospital, registration, verification through the server.</summary>
[TestClass]
public sealed partial class ServerCommandTests
{
    private static ServerProcess s_server = null!;

    private const string AdminKey = "19199b3d8e252b69ed7b6eeb1767aced"; // openssl rand -hex 16: weak admin keys stop the start

    [ClassInitialize]
    public static async Task StartServerAsync(TestContext _) => s_server = await ServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["IDENTITY_ADMIN_KEY"] = AdminKey,
        ["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1",
        ["IDENTITY_VERIFY_RATE_LIMIT"] = "0",
    });

    [ClassCleanup]
    public static async Task StopServerAsync() => await s_server.DisposeAsync();

    private static string Server => s_server.BaseUrl;

    private static async Task<string> CreateTenantAsync(string id)
    {
        var created = (await Cli.RunAsync("tenant", "create", $"Hospital {id}", "--id", id, "--server", Server, "--admin-key", AdminKey, "--json")).AssertSuccess().Json;
        Assert.AreEqual($"did:web:127.0.0.1%3A{s_server.Port}:tenants:{id}", created["did"]!.GetValue<string>());
        return created["apiKey"]!.GetValue<string>();
    }

    private static async Task<string> IssueAsync(string directory, string tenant, string apiKey, string subject)
    {
        var unsigned = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(unsigned, new JsonObject
        {
            // The health context defines PatientIdentityCredential; the service refuses types no context defines.
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["credentialSubject"] = new JsonObject { ["id"] = subject, ["patientId"] = "MRN-1" },
        }.ToJsonString());
        var signed = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".vc.json");
        (await Cli.RunAsync("issue", unsigned, "--server", Server, "--tenant", tenant, "--key", apiKey, "--out", signed)).AssertSuccess();
        return signed;
    }

    [TestMethod]
    public async Task TenantCreate_WrongAdminKey_IsTheServersProblemInOneLine()
    {
        (await Cli.RunAsync("tenant", "create", "X", "--server", Server, "--admin-key", "wrong")).AssertFailure(ErrorCodes.Unauthorized);
        (await Cli.RunAsync("tenant", "create", "X", "--server", Server)).AssertFailure(ErrorCodes.InvalidRequest);
    }

    [TestMethod]
    public async Task IssueReceiveRevoke_ThenTheWalletsCheckAndTheServerSeeTheRevocation()
    {
        // Arrange: a hospital, a wallet, a credential issued to it.
        var apiKey = await CreateTenantAsync("revoking");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var env = Cli.Env(loopback: true);
        var did = (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        var vc = await IssueAsync(directory, "revoking", apiKey, did);
        var id = JsonNode.Parse(await File.ReadAllTextAsync(vc))!["id"]!.GetValue<string>();

        // Act
        var received = await Cli.RunAsync(env, null, "wallet", "receive", vc, "--server", Server, "--wallet", wallet);
        var before = await Cli.RunAsync(env, null, "wallet", "list", "--check", "--wallet", wallet, "--json");
        var revoked = await Cli.RunAsync(env, null, "revoke", id, "--server", Server, "--tenant", "revoking", "--key", apiKey);
        var after = await Cli.RunAsync(env, null, "wallet", "list", "--check", "--wallet", wallet, "--json");
        var serverVerdict = await Cli.RunAsync(env, null, "verify", vc, "--server", Server);
        var otherTenantsKey = await Cli.RunAsync(env, null, "revoke", id, "--server", Server, "--tenant", "revoking", "--key", await CreateTenantAsync("bystander"));

        // Assert
        received.AssertSuccess();
        Assert.AreEqual("verified", before.AssertSuccess().Json["credentials"]![0]!["check"]!.GetValue<string>());
        StringAssert.Contains(revoked.AssertSuccess().Output, "Revoked " + id);
        Assert.AreEqual("failed: credentialRevoked", after.AssertSuccess().Json["credentials"]![0]!["check"]!.GetValue<string>());
        Assert.AreEqual(1, serverVerdict.ExitCode);
        StringAssert.Contains(serverVerdict.Output, "not verified: credentialStatus (credentialRevoked)");
        otherTenantsKey.AssertFailure(ErrorCodes.Forbidden);
    }

    [TestMethod]
    public async Task Register_GivesTheWalletADidWeb_ThatPresentsAndVerifiesThroughTheServer()
    {
        // Arrange
        var apiKey = await CreateTenantAsync("registering");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var env = Cli.Env(loopback: true);
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();

        // Act
        var registered = (await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", "registering", "--key", apiKey, "--id", "alice", "--wallet", wallet, "--json")).AssertSuccess().Json;
        var did = registered["did"]!.GetValue<string>();
        var resolved = (await Cli.RunAsync(env, null, "did", "resolve", did)).AssertSuccess().Json;
        (await Cli.RunAsync(env, null, "wallet", "receive", await IssueAsync(directory, "registering", apiKey, did), "--wallet", wallet)).AssertSuccess();
        var challenge = (await Cli.RunAsync(env, null, "challenge", "--server", Server, "--json")).AssertSuccess().Json;
        var vp = Path.Combine(directory, "vp.json");
        (await Cli.RunAsync(env, null, "present", "--challenge", challenge["challenge"]!.GetValue<string>(), "--domain", challenge["domain"]!.GetValue<string>(), "--out", vp, "--wallet", wallet)).AssertSuccess();
        var verified = await Cli.RunAsync(env, null, "verify", vp, "--server", Server, "--challenge", challenge["challenge"]!.GetValue<string>());
        var again = await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", "registering", "--key", apiKey, "--id", "alice", "--wallet", wallet);

        // Assert
        Assert.AreEqual($"did:web:127.0.0.1%3A{s_server.Port}:tenants:registering:patients:alice", did);
        Assert.AreEqual(did, resolved["id"]!.GetValue<string>());
        Assert.AreEqual(did, JsonNode.Parse(await File.ReadAllTextAsync(vp))!["holder"]!.GetValue<string>());
        StringAssert.Contains(verified.AssertSuccess().Output, "verified: the presentation passed every check");
        again.AssertFailure(ErrorCodes.PatientExists);
    }

    [TestMethod]
    public async Task RotateAndAddKey_SignedUpdates_TheOldKeyStopsWorking_TheNewOnePresents()
    {
        // Arrange: a registered did:web and a credential issued to it.
        var apiKey = await CreateTenantAsync("rotating");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var env = Cli.Env(loopback: true);
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();
        var did = (await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", "rotating", "--key", apiKey, "--id", "bob", "--wallet", wallet, "--json")).AssertSuccess().Json["did"]!.GetValue<string>();
        (await Cli.RunAsync(env, null, "wallet", "receive", await IssueAsync(directory, "rotating", apiKey, did), "--wallet", wallet)).AssertSuccess();
        var oldVp = Path.Combine(directory, "old-vp.json");
        (await Cli.RunAsync(env, null, "present", "--challenge", "c-old", "--domain", "d", "--out", oldVp, "--wallet", wallet)).AssertSuccess();
        var device = (await Cli.RunAsync(env, null, "did", "create", "--json")).AssertSuccess().Json["didDocument"]!["verificationMethod"]![0]!["publicKeyMultibase"]!.GetValue<string>();

        // Act
        var rotated = await Cli.RunAsync(env, null, "wallet", "rotate", "--wallet", wallet, "--json");
        var added = await Cli.RunAsync(env, null, "wallet", "add-key", device, "--wallet", wallet, "--json");
        var document = (await Cli.RunAsync(env, null, "did", "resolve", did)).AssertSuccess().Json;
        var newVp = Path.Combine(directory, "new-vp.json");
        (await Cli.RunAsync(env, null, "present", "--challenge", "c-new", "--domain", "d", "--out", newVp, "--wallet", wallet)).AssertSuccess();
        var oldVerdict = await Cli.RunAsync(env, null, "verify", oldVp, "--challenge", "c-old", "--domain", "d");
        var newVerdict = await Cli.RunAsync(env, null, "verify", newVp, "--challenge", "c-new", "--domain", "d");

        // Assert
        Assert.AreEqual(2, rotated.AssertSuccess().Json["version"]!.GetValue<int>());
        Assert.AreEqual(3, added.AssertSuccess().Json["version"]!.GetValue<int>());
        var keys = document["verificationMethod"]!.AsArray().Select(m => m!["publicKeyMultibase"]!.GetValue<string>()).ToList();
        Assert.AreEqual(2, keys.Count);
        CollectionAssert.Contains(keys, device);
        Assert.AreEqual(1, oldVerdict.ExitCode, oldVerdict.Output);
        StringAssert.Contains(newVerdict.AssertSuccess().Output, "verified: the presentation passed every check");
    }

    [TestMethod]
    public async Task UnreachableServer_IsOneClearLine()
    {
        (await Cli.RunAsync("challenge", "--server", "http://127.0.0.1:1")).AssertFailure(ErrorCodes.ServerUnreachable);
        (await Cli.RunAsync("challenge", "--server", "ftp://example")).AssertFailure(ErrorCodes.InvalidRequest);
    }
}
