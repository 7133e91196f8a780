using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Tests;

/// <summary><c>identity wallet consent grant | withdraw</c> against a running service, with the provider's access decisions.</summary>
public sealed partial class ServerCommandTests
{
    private const string ProviderDid = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    [TestMethod]
    public async Task ConsentGrant_PermitsTheProvider_UntilConsentWithdraw()
    {
        // Arrange: a hospital, alice's wallet with a did:web it registered.
        var apiKey = await CreateTenantAsync("consenting");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var env = Cli.Env(loopback: true);
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();
        (await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", "consenting", "--key", apiKey, "--id", "alice", "--wallet", wallet)).AssertSuccess();
        var until = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd");

        // Act
        var granted = (await Cli.RunAsync(env, null, "wallet", "consent", "grant", "--provider", ProviderDid, "--data", "Observation:laboratory,Immunization",
            "--purpose", "TREAT", "--until", until, "--wallet", wallet, "--json")).AssertSuccess().Json;
        var consentId = granted["consentId"]!.GetValue<string>();
        var permitted = await DecideAsync(env, wallet, directory, consentId, apiKey);
        (await Cli.RunAsync(env, null, "wallet", "consent", "withdraw", consentId, "--wallet", wallet)).AssertSuccess();
        var denied = await DecideAsync(env, wallet, directory, consentId, apiKey);

        // Assert
        Assert.AreEqual("permit", permitted["decision"]!.GetValue<string>(), permitted.ToJsonString());
        Assert.AreEqual("deny", denied["decision"]!.GetValue<string>());
        Assert.AreEqual("consentWithdrawn", denied["reasons"]![0]!["code"]!.GetValue<string>(), denied.ToJsonString());
        var listed = (await Cli.RunAsync(env, null, "wallet", "list", "--wallet", wallet, "--json")).AssertSuccess().Output;
        StringAssert.Contains(listed, consentId);
    }

    [TestMethod]
    public async Task ConsentGrant_RefusesBadTermsAndWalletsWithoutADidWeb()
    {
        var apiKey = await CreateTenantAsync("consent-refusals");
        var directory = Directory.CreateTempSubdirectory("identity-cli-").FullName;
        var wallet = Path.Combine(directory, "wallet.json");
        var env = Cli.Env(loopback: true);
        (await Cli.RunAsync(env, null, "wallet", "init", "--wallet", wallet)).AssertSuccess();
        string[] Grant(string data, string until) => ["wallet", "consent", "grant", "--provider", ProviderDid, "--data", data, "--purpose", "TREAT", "--until", until, "--wallet", wallet];

        (await Cli.RunAsync(env, null, Grant("Immunization", "2999-01-01"))).AssertFailure(ErrorCodes.NotFound);
        (await Cli.RunAsync(env, null, "wallet", "register", "--server", Server, "--tenant", "consent-refusals", "--key", apiKey, "--wallet", wallet)).AssertSuccess();
        (await Cli.RunAsync(env, null, Grant("Immunization", "2001-01-01"))).AssertFailure(ErrorCodes.InvalidRequest);
        (await Cli.RunAsync(env, null, Grant("Immunization", "someday"))).AssertFailure(ErrorCodes.InvalidRequest);
        (await Cli.RunAsync(env, null, Grant("NotAResource", "2999-01-01"))).AssertFailure(ErrorCodes.InvalidConsent);
        (await Cli.RunAsync(env, null, "wallet", "consent", "withdraw", "urn:uuid:00000000-0000-4000-8000-000000000000", "--wallet", wallet)).AssertFailure(ErrorCodes.NotFound);
    }

    // The provider's side: a challenge, alice's presentation of the consent, and POST /tenants/{t}/access-decisions.
    private static async Task<JsonObject> DecideAsync(Dictionary<string, string?> env, string wallet, string directory, string consentId, string apiKey)
    {
        var challenge = (await Cli.RunAsync(env, null, "challenge", "--server", Server, "--json")).AssertSuccess().Json;
        var vp = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".vp.json");
        (await Cli.RunAsync(env, null, "present", "--credential", consentId, "--challenge", challenge["challenge"]!.GetValue<string>(),
            "--domain", challenge["domain"]!.GetValue<string>(), "--out", vp, "--wallet", wallet)).AssertSuccess();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Server}/tenants/consenting/access-decisions")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["request"] = new JsonObject { ["actor"] = ProviderDid, ["data"] = new JsonArray("Observation:laboratory"), ["purpose"] = "TREAT" },
                ["verifiablePresentation"] = JsonNode.Parse(await File.ReadAllTextAsync(vp)),
                ["options"] = new JsonObject { ["challenge"] = challenge["challenge"]!.DeepClone(), ["domain"] = challenge["domain"]!.DeepClone() },
            }),
        };
        request.Headers.Authorization = new("Bearer", apiKey);
        using var response = await http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
