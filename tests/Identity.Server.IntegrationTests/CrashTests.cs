using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Storage;
using Identity.Storage.Postgres;
using Identity.Storage.Sqlite;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Kills the server with SIGKILL in the middle of sustained issuance and revocation, restarts it, and checks that
/// nothing it acknowledged was lost: every credential answered with 201 is stored exactly as returned and verifies,
/// every revocation answered with 200 is in effect, and the audit log still verifies. For both stores.
/// </summary>
[TestClass]
public sealed class CrashTests
{
    // Kill once the load is under way (enough acknowledged writes to check), however slow a busy machine is, and
    // then a little later, so the kill lands mid-stream rather than right after a milestone.
    private const int IssuedBeforeKill = 150;
    private const int RevokedBeforeKill = 20;
    private static readonly TimeSpan s_loadDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_extraLoad = TimeSpan.FromMilliseconds(300);
    private const int Issuers = 6;
    private const int Revokers = 2;

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public async Task Kill_DuringIssuanceAndRevocationLoad_LosesNothingAcknowledged(string storage)
    {
        // Arrange
        string? database = storage == "postgres" ? await Replicas.NewDatabaseAsync() : null;
        var environment = database is not null
            ? Replicas.PostgresEnvironment(database)
            : new Dictionary<string, string>
            {
                ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey,
                ["IDENTITY_MASTER_KEY"] = IdentityServerFactory.MasterKey,
                ["IDENTITY_VERIFY_RATE_LIMIT"] = "0",
            };
        environment["IDENTITY_STATUS_LIST_SIZE"] = "256"; // lists fill and open under load, too
        await using var first = await ServerProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = new Uri(first.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var tenant = await client.CreateTenantAsync("crash");

        // Act: load, then SIGKILL while requests are in flight.
        var load = new Load(client, tenant);
        var workers = Enumerable.Range(0, Issuers).Select(_ => Task.Run(load.IssueUntilFailureAsync))
            .Concat(Enumerable.Range(0, Revokers).Select(_ => Task.Run(load.RevokeUntilFailureAsync)))
            .ToList();
        var deadline = DateTime.UtcNow + s_loadDeadline;
        while ((load.Issued.Count < IssuedBeforeKill || load.Revoked.Count < RevokedBeforeKill) && DateTime.UtcNow < deadline && load.FirstFailure is null)
        {
            await Task.Delay(20);
        }

        await Task.Delay(s_extraLoad);
        int issuedBeforeKill = load.Issued.Count;
        string? failureBeforeKill = load.FirstFailure;
        await first.KillAsync();
        load.Stop();
        await Task.WhenAll(workers);

        // Assert (1): the store, opened directly, holds every acknowledged write and an intact chain.
        Assert.IsNull(failureBeforeKill, "A request failed before the kill.");
        Assert.IsGreaterThanOrEqualTo(IssuedBeforeKill, issuedBeforeKill, "Too little issuance before the kill.");
        Assert.IsGreaterThanOrEqualTo(RevokedBeforeKill, load.Revoked.Count, "Too few revocations before the kill.");
        var store = OpenStore(storage, first.DataDirectory, database);
        using var wrapper = new Security.KeyWrapper(Security.KeyWrapper.DecodeMasterKey(Encoding.UTF8.GetBytes(IdentityServerFactory.MasterKey)));
        using var secrets = new Security.TenantSecrets(store, wrapper, TimeProvider.System);
        try
        {
            // Documents are sealed at rest under the tenant's data key (docs/privacy.md); open them as the service does.
            var recordKey = (await new Security.RecordCipher(secrets).ForTenantAsync(tenant.Id, CancellationToken.None)).Value;
            foreach (var (id, credential) in load.Issued)
            {
                var stored = await store.GetCredentialAsync(tenant.Id, id);
                Assert.IsNotNull(stored, $"Credential {id} was answered 201 but is not stored.");
                var document = recordKey.OpenText(Credentials.IssuanceService.CredentialKind, id, stored.Document);
                Assert.IsTrue(JsonNode.DeepEquals(credential, JsonNode.Parse(document)), $"Credential {id} is stored differently from what was returned.");
                if (load.Revoked.ContainsKey(id))
                {
                    Assert.IsTrue(stored.Revoked, $"The revocation of {id} was answered 200 but is not stored.");
                }
                else if (!load.RevocationAttempted.ContainsKey(id))
                {
                    Assert.IsFalse(stored.Revoked, $"{id} is revoked although nobody asked.");
                }
            }

            var chain = await AuditLog.VerifyAsync(store, CancellationToken.None);
            Assert.IsTrue(chain.Valid, chain.ToString());
            Assert.IsGreaterThanOrEqualTo(1L + load.Issued.Count + load.Revoked.Count, chain.Entries);
        }
        finally
        {
            await DisposeAsync(store);
        }

        // Assert (2): restarted on the same data, the service verifies every credential with the right status and issues again.
        await using var second = await ServerProcess.StartAsync(environment, first.DataDirectory, first.Port);
        using var again = new HttpClient { BaseAddress = new Uri(second.BaseUrl) };
        await Parallel.ForEachAsync(load.Issued, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, _) =>
        {
            var (id, credential) = pair;
            var verified = await again.VerifyAsync(credential);
            if (load.Revoked.ContainsKey(id))
            {
                verified.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
            }
            else if (!load.RevocationAttempted.ContainsKey(id))
            {
                verified.AssertStatus(HttpStatusCode.OK);
            }
            else
            {
                // Revocation sent but its answer lost in the kill: either outcome is correct, the proof must still hold.
                Assert.IsTrue(verified.Status == HttpStatusCode.OK || verified.Code == "credentialRevoked", verified.Text);
            }
        });

        await again.IssueAsync(tenant);
        var audit = (await again.GetJsonAsync("/admin/audit/verify", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        Assert.IsTrue(audit.Body!["valid"]!.GetValue<bool>(), audit.Text);
    }

    private static IIdentityStore OpenStore(string storage, string dataDirectory, string? database) => storage == "postgres"
        ? new PostgresIdentityStore(new PostgresStoreOptions { ConnectionString = database!, MaxPoolSize = 4 })
        : new SqliteIdentityStore(new SqliteStoreOptions { DatabasePath = Path.Combine(dataDirectory, "identity.db") });

    private static async Task DisposeAsync(IIdentityStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Issuers and revokers sharing what was acknowledged; each stops at its first failed request.</summary>
    private sealed class Load(HttpClient client, Scenario.Tenant tenant)
    {
        private readonly BlockingCollection<string> _toRevoke = new();
        private volatile bool _stopped;

        public ConcurrentDictionary<string, JsonObject> Issued { get; } = new();

        public ConcurrentDictionary<string, bool> RevocationAttempted { get; } = new();

        public ConcurrentDictionary<string, bool> Revoked { get; } = new();

        /// <summary>The first answer that was not the expected success, for the failure message.</summary>
        public string? FirstFailure { get; private set; }

        public void Stop()
        {
            _stopped = true;
            _toRevoke.CompleteAdding();
        }

        public async Task IssueUntilFailureAsync()
        {
            var body = new JsonObject { ["credential"] = Scenario.Credential("did:example:patient") }.ToJsonString();
            int count = 0;
            while (!_stopped)
            {
                var response = await TryPostAsync($"/tenants/{tenant.Id}/credentials/issue", body);
                if (response is not { Status: HttpStatusCode.Created })
                {
                    FirstFailure ??= response?.ToString() ?? "no answer";
                    return; // the server is gone (or answered something else, which the stored-state checks would expose)
                }

                var credential = JsonNode.Parse(response.Value.Text)!["verifiableCredential"]!.AsObject();
                string id = credential["id"]!.GetValue<string>();
                Issued[id] = credential;
                if (++count % 3 == 0 && !_stopped)
                {
                    _toRevoke.TryAdd(id);
                }
            }
        }

        public async Task RevokeUntilFailureAsync()
        {
            try
            {
                foreach (string id in _toRevoke.GetConsumingEnumerable())
                {
                    RevocationAttempted[id] = true;
                    var body = new JsonObject { ["credentialId"] = id, ["statusPurpose"] = "revocation", ["status"] = true }.ToJsonString();
                    var response = await TryPostAsync($"/tenants/{tenant.Id}/credentials/status", body);
                    if (response is not { Status: HttpStatusCode.OK })
                    {
                        FirstFailure ??= response?.ToString() ?? "no answer";
                        return;
                    }

                    Revoked[id] = true;
                }
            }
            catch (InvalidOperationException)
            {
                // Completed while waiting.
            }
        }

        private async Task<(HttpStatusCode Status, string Text)?> TryPostAsync(string path, string body)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
                using var response = await client.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                FirstFailure ??= e.GetType().Name + ": " + e.Message + " " + e.InnerException?.Message;
                return null;
            }
        }
    }
}
