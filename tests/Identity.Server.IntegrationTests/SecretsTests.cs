using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Identity.Server.IntegrationTests;

/// <summary>Keys at rest are wrapped, API keys hashed, and no secret reaches a response, a log or the audit log.</summary>
[TestClass]
public sealed class SecretsTests
{
    [TestMethod]
    public async Task Secrets_NeverInDatabaseLogsOrResponses_AndAuditHoldsNoClaims()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("t");
        var credential = await client.IssueAsync(tenant, Scenario.Credential("did:example:p"));
        await client.SetStatusAsync(tenant, credential, "revocation", true);
        await client.VerifyAsync(credential);
        await IssuanceTests.AuditEntriesAsync(client);

        var database = await ReadDatabaseAsync(factory);
        var logs = string.Join("\n", factory.Logs);
        foreach (var secret in new[] { tenant.ApiKey, tenant.ApiKey[17..], IdentityServerFactory.AdminKey, IdentityServerFactory.MasterKey })
        {
            Assert.IsFalse(database.Contains(secret, StringComparison.Ordinal), "a secret is in the database");
            Assert.IsFalse(logs.Contains(secret, StringComparison.Ordinal), "a secret is in the log");
        }

        var audit = await QueryAsync(factory, "SELECT group_concat(coalesce(subject,'') || ' ' || action || ' ' || outcome, '\n') FROM audit");
        Assert.IsFalse(audit.Contains("AB-negative", StringComparison.Ordinal), "claim values must not reach the audit log");
        StringAssert.Contains(audit, "credential.issued");
        StringAssert.Contains(audit, "credential.revocation");
        StringAssert.Contains(audit, "credential.verified");
    }

    [TestMethod]
    public async Task TenantPrivateKey_IsWrapped_AndUnwrapsOnlyWithTheMasterKey()
    {
        string dataDirectory;
        await using (var factory = new IdentityServerFactory(s => s["IDENTITY_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "identity-it-keep-" + Guid.NewGuid().ToString("N"))))
        {
            dataDirectory = factory.DataDirectoryFromSettings;
            var client = factory.CreateClient();
            var tenant = await client.CreateTenantAsync("t");
            await client.IssueAsync(tenant);
            var wrapped = await QueryAsync(factory, "SELECT hex(wrapped_private_key) FROM tenant_keys WHERE tenant_id = 't'");
            Assert.IsTrue(wrapped.Length >= 2 * (1 + 12 + 32 + 16), "the stored key is a wrapped blob");
        }

        Assert.IsTrue(Directory.Exists(dataDirectory));
        CollectionAssert.DoesNotContain(Directory.GetFiles(dataDirectory).Select(Path.GetFileName).ToList(), "master.key", "a configured master key is never written to disk");
        try
        {
            // Same data, another master key: the service refuses to start, naming the setting, and leaks nothing.
            // WebApplicationFactory sometimes reports a failed start as ObjectDisposedException (its deferred host is
            // disposed before it asks it for services, a race in the test host under load); such a start is tried again.
            Configuration.SettingsException? failure = null;
            for (int attempt = 0; attempt < 5 && failure is null; attempt++)
            {
                await using var wrong = new IdentityServerFactory(s =>
                {
                    s["IDENTITY_DATA_DIR"] = dataDirectory;
                    s["IDENTITY_MASTER_KEY"] = Convert.ToBase64String(new byte[32]);
                });
                try
                {
                    wrong.CreateClient();
                    Assert.Fail("the service started with the wrong master key");
                }
                catch (Configuration.SettingsException e)
                {
                    failure = e;
                }
                catch (ObjectDisposedException)
                {
                }
            }

            Assert.IsNotNull(failure, "the start failed five times without saying why");
            StringAssert.Contains(failure.Message, "IDENTITY_MASTER_KEY");
            Assert.IsFalse(failure.ToString().Contains(IdentityServerFactory.MasterKey, StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task GeneratedSecrets_AreFilesWithMode0600()
    {
        await using var factory = new IdentityServerFactory(s =>
        {
            s["IDENTITY_ADMIN_KEY"] = null;
            s["IDENTITY_MASTER_KEY"] = null;
        });
        (await factory.CreateClient().GetJsonAsync("/health")).AssertStatus(HttpStatusCode.OK);

        foreach (var name in new[] { "admin.key", "master.key", "default-tenant.key" })
        {
            var path = Path.Combine(factory.DataDirectory, name);
            Assert.IsTrue(File.Exists(path), name);
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path), name);
        }

        var adminKey = File.ReadAllText(Path.Combine(factory.DataDirectory, "admin.key")).Trim();
        var response = await factory.CreateClient().PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "n", ["id"] = "n" }, adminKey);
        response.AssertStatus(HttpStatusCode.Created);
        Assert.IsFalse(string.Join("\n", factory.Logs).Contains(adminKey, StringComparison.Ordinal));
        StringAssert.Contains(string.Join("\n", factory.Logs), Path.Combine(factory.DataDirectory, "admin.key"));
    }

    private static async Task<string> ReadDatabaseAsync(IdentityServerFactory factory)
    {
        SqliteConnection.ClearAllPools();
        var builder = new StringBuilder();
        foreach (var file in Directory.GetFiles(factory.DataDirectoryFromSettings, "identity.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            builder.Append(await reader.ReadToEndAsync());
        }

        return builder.ToString();
    }

    private static async Task<string> QueryAsync(IdentityServerFactory factory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectoryFromSettings, "identity.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString() ?? string.Empty;
    }
}
