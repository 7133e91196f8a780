using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// A retired key never signs again, whatever the format or the issuer named; retirements never leave a tenant without
/// an active key.
/// </summary>
[TestClass]
public sealed class KeyLifecycleTests
{
    [TestMethod]
    [DataRow("{}", Store.Sqlite)]
    [DataRow("""{"cryptosuite":"eddsa-jcs-2022"}""", Store.Sqlite)]
    [DataRow("""{"cryptosuite":"eddsa-rdfc-2022"}""", Store.Sqlite)]
    [DataRow("""{"format":"vc+jwt"}""", Store.Sqlite)]
    [DataRow("""{"format":"dc+sd-jwt"}""", Store.Sqlite)]
    [DataRow("{}", Store.Postgres)]
    [DataRow("""{"format":"dc+sd-jwt"}""", Store.Postgres)]
    public async Task Issue_AsDidKeyAfterItsKeyIsRetired_IsKeyRetired(string optionsJson, Store store)
    {
        // Arrange: the did:key signs while key-1 is active.
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("dk");
        var before = await IssueAsync(client, tenant, tenant.DidKey, optionsJson);
        before.AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual(tenant.DidKey, SignerOf(before).Split('#')[0]);
        await AddKeyAsync(client, "dk");
        (await client.PostJsonAsync("/admin/tenants/dk/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);

        // Act
        var asDidKey = await IssueAsync(client, tenant, tenant.DidKey, optionsJson);
        var asDidWeb = await IssueAsync(client, tenant, tenant.Did, optionsJson);

        // Assert: refused with a stable code; the did:web signs with the active key.
        asDidKey.AssertProblem(HttpStatusCode.Conflict, "keyRetired");
        StringAssert.Contains(asDidKey.Body!["detail"]!.GetValue<string>(), tenant.Did);
        asDidWeb.AssertStatus(HttpStatusCode.Created);
        Assert.AreEqual(tenant.Did + "#key-2", SignerOf(asDidWeb));
    }

    [TestMethod]
    public async Task Enroll_AfterKey1IsRetired_BindingCredentialIsSignedByTheActiveKey()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("bio");
        await AddKeyAsync(client, "bio");
        (await client.PostJsonAsync("/admin/tenants/bio/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        using var patient = new Scenario.Patient();

        var response = await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(Biometrics.RandomIris(new Random(7))));

        var credential = response.AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        Assert.AreEqual(tenant.Did + "#key-2", credential["proof"]!["verificationMethod"]!.GetValue<string>());
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task StatusList_AfterItsSigningKeyIsRetired_IsSignedAgainByTheActiveKey()
    {
        // Arrange: the list is signed (and cached) under key-1.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("sl");
        var credential = await client.IssueAsync(tenant);
        var listPath = new Uri(ReplicaTests.StatusPosition(credential, "revocation").List).PathAndQuery;
        var before = (await client.GetJsonAsync(listPath)).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(tenant.Did + "#key-1", before.Body!["proof"]!["verificationMethod"]!.GetValue<string>());

        // Act: rotate and retire key-1 without any status change (same list version).
        await AddKeyAsync(client, "sl");
        (await client.PostJsonAsync("/admin/tenants/sl/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        var after = (await client.GetJsonAsync(listPath)).AssertStatus(HttpStatusCode.OK);

        // Assert: re-signed by key-2, and a new credential's status still checks out and still revokes.
        Assert.AreEqual(tenant.Did + "#key-2", after.Body!["proof"]!["verificationMethod"]!.GetValue<string>());
        var fresh = await client.IssueAsync(tenant);
        (await client.VerifyAsync(fresh)).AssertStatus(HttpStatusCode.OK);
        (await client.SetStatusAsync(tenant, fresh, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        (await client.VerifyAsync(fresh)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    [DataRow("did:key", """{"format":"vc+jwt"}""")]
    [DataRow("did:key", "{}")]
    [DataRow("did:web", "{}")]
    public async Task Issue_KeyRetiredBetweenLookupAndSigning_IsKeyRetiredAndTheStoredCredentialIsRevoked(string issuerKind, string optionsJson)
    {
        // Arrange: a store that lets the retirement of key-1 commit just before the issuance transaction signs, after
        // the service has looked the key up: the race, made deterministic.
        await using var baseFactory = new IdentityServerFactory();
        RetiringStore? retiring = null;
        await using var factory = baseFactory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(Identity.Storage.IIdentityStore));
            services.AddSingleton(sp =>
            {
                retiring = RetiringStore.Wrap((Identity.Storage.IIdentityStore)registered.ImplementationFactory!(sp));
                return (Identity.Storage.IIdentityStore)(object)retiring;
            });
        }));
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("racy");
        await AddKeyAsync(client, "racy");

        // The did:web signs with the newest key (key-2), the did:key with key-1: retire the one the lookup picked.
        retiring!.RetireBeforeNextIssuance("racy", issuerKind == "did:web" ? "key-2" : "key-1");

        // Act
        var response = await IssueAsync(client, tenant, issuerKind == "did:web" ? tenant.Did : tenant.DidKey, optionsJson);

        // Assert: refused; the credential the store kept is revoked; the audit log says so.
        response.AssertProblem(HttpStatusCode.Conflict, "keyRetired");
        Assert.IsNotNull(retiring.LastCredentialId);
        var stored = await retiring.GetCredentialAsync("racy", retiring.LastCredentialId);
        Assert.IsTrue(stored!.Revoked);
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task RetireKey_ManyConcurrentRequests_LeaveOneActiveKeyAndLosersGetLastActiveKey(Store store)
    {
        // Arrange: six keys, two retirement requests for each, all sent at once.
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        await client.CreateTenantAsync("race");
        for (int i = 0; i < 5; i++)
        {
            await AddKeyAsync(client, "race");
        }

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.PostJsonAsync($"/admin/tenants/race/keys/key-{(i % 6) + 1}/retire", null, IdentityServerFactory.AdminKey)));

        // Assert
        var document = (await client.GetJsonAsync("/tenants/race/did.json")).AssertStatus(HttpStatusCode.OK);
        Assert.HasCount(1, document.Body!["verificationMethod"]!.AsArray());
        var refused = responses.Where(r => r.Status != HttpStatusCode.OK).ToList();
        Assert.IsNotEmpty(refused);
        foreach (var response in refused)
        {
            response.AssertProblem(HttpStatusCode.Conflict, "lastActiveKey");
        }
    }

    /// <summary>A store that, when armed, retires a key right before the next issuance transaction (simulating a racing operator).</summary>
    public class RetiringStore : DispatchProxy
    {
        private Identity.Storage.IIdentityStore _inner = null!;
        private (string Tenant, string Key)? _armed;

        public string? LastCredentialId { get; private set; }

        public static RetiringStore Wrap(Identity.Storage.IIdentityStore inner)
        {
            var proxy = Create<Identity.Storage.IIdentityStore, RetiringStore>();
            var store = (RetiringStore)(object)proxy;
            store._inner = inner;
            return store;
        }

        public void RetireBeforeNextIssuance(string tenant, string key) => _armed = (tenant, key);

        public Task<Identity.Storage.CredentialRecord?> GetCredentialAsync(string tenant, string id) => _inner.GetCredentialAsync(tenant, id);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name is nameof(Identity.Storage.IIdentityStore.IssueCredentialAsync))
            {
                LastCredentialId = (string)args![1]!;
                if (_armed is { } armed)
                {
                    _armed = null;
                    var now = DateTimeOffset.UtcNow;
                    var retired = _inner.RetireTenantKeyAsync(armed.Tenant, armed.Key, now, new Identity.Storage.AuditEntry(now, armed.Tenant, "tenant.key.retired", armed.Key, "ok"))
                        .GetAwaiter().GetResult();
                    Assert.IsTrue(retired.IsSuccess, retired.ToString());
                }
            }

            return targetMethod.Invoke(_inner, args);
        }
    }

    internal static async Task AddKeyAsync(HttpClient client, string tenant) =>
        (await client.PostJsonAsync($"/admin/tenants/{tenant}/keys", new JsonObject { ["keyType"] = "Ed25519" }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.Created);

    internal static Task<ApiResponse> IssueAsync(HttpClient client, Scenario.Tenant tenant, string issuer, string optionsJson) =>
        client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", new JsonObject
        {
            // The health context defines every claim, so the rdfc suite (safe mode) signs it too.
            ["credential"] = new JsonObject
            {
                ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
                ["type"] = new JsonArray("VerifiableCredential"),
                ["issuer"] = issuer,
                ["credentialSubject"] = new JsonObject { ["id"] = "did:example:patient" },
            },
            ["options"] = JsonNode.Parse(optionsJson),
        }, tenant.ApiKey);

    /// <summary>The verification method that signed an issue response: the Data Integrity proof's, or the JOSE header's kid.</summary>
    internal static string SignerOf(ApiResponse issued)
    {
        var credential = issued.Body!["verifiableCredential"]!.AsObject();
        if (credential["proof"] is JsonObject proof)
        {
            return proof["verificationMethod"]!.GetValue<string>();
        }

        var dataUrl = credential["id"]!.GetValue<string>();
        var token = dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..].Split('~')[0];
        var header = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[0])))!;
        return header["kid"]!.GetValue<string>();
    }
}
