using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Storage;
using Identity.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Health data at rest (docs/privacy.md): the data directory is 0700 with every file 0600, and a planted claim value, the
/// patient's DID and the biometric record are found in no file of the data directory (WAL included) and in no
/// <c>pg_dump</c> of the PostgreSQL database.
/// </summary>
[TestClass]
public sealed class DataAtRestTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = Private | UnixFileMode.UserExecute;

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task DataDirectory_AfterIssuance_Is0700_AndEveryFileIs0600()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("st-marys");
        await client.IssueAsync(tenant);

        var files = Directory.GetFiles(factory.DataDirectory);

        Assert.AreEqual(PrivateDirectory, File.GetUnixFileMode(factory.DataDirectory));
        foreach (var name in new[] { "identity.db", "identity.db-wal", "identity.db-shm", "default-tenant.key" })
        {
            CollectionAssert.Contains(files.Select(Path.GetFileName).ToList(), name);
        }

        foreach (var file in files)
        {
            Assert.AreEqual(Private, File.GetUnixFileMode(file), file);
        }
    }

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Start_WorldReadableDataDirectory_IsRepairedWithAWarning()
    {
        // Arrange: a directory and files as an older version (or a careless copy) left them.
        await using var factory = new IdentityServerFactory();
        Directory.CreateDirectory(factory.DataDirectory);
        File.SetUnixFileMode(factory.DataDirectory, (UnixFileMode)0b111_101_101);
        var stray = Path.Combine(factory.DataDirectory, "identity.db");
        File.WriteAllBytes(stray, []);
        File.SetUnixFileMode(stray, (UnixFileMode)0b110_100_100);
        var nested = Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "backups")).FullName;
        File.SetUnixFileMode(nested, (UnixFileMode)0b111_111_111);

        // Act
        (await factory.CreateClient().GetAsync("/health")).EnsureSuccessStatusCode();

        // Assert
        Assert.AreEqual(PrivateDirectory, File.GetUnixFileMode(factory.DataDirectory));
        Assert.AreEqual(Private, File.GetUnixFileMode(stray));
        Assert.AreEqual(PrivateDirectory, File.GetUnixFileMode(nested));
        Assert.IsTrue(factory.Logs.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains(stray, StringComparison.Ordinal) && l.Contains("0600", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task Sqlite_PlantedClaimAndDid_AreInNoFileOfTheDataDirectory()
    {
        await using var factory = new IdentityServerFactory(Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var (planted, did, issued) = await IssuePlantedAsync(factory, client);

        // The running server's files, WAL and shared memory included (nothing checkpointed on purpose).
        var found = Directory.GetFiles(factory.DataDirectory, "*", SearchOption.AllDirectories)
            .Where(file => Contains(File.ReadAllBytes(file), planted) || Contains(File.ReadAllBytes(file), did))
            .ToList();

        Assert.AreEqual(planted, issued["credentialSubject"]!["diagnosis"]!.GetValue<string>());
        Assert.IsTrue(Directory.GetFiles(factory.DataDirectory).Any(f => Contains(File.ReadAllBytes(f), "st-marys")), "the scan finds what is in clear");
        CollectionAssert.AreEqual(Array.Empty<string>(), found);
    }

    [TestMethod]
    public async Task Postgres_PlantedClaimAndDid_AreNotInAPgDump()
    {
        await using var factory = await IdentityServerFactory.CreateAsync(Store.Postgres, Biometrics.FastArgon2);
        var client = factory.CreateClient();
        var (planted, did, _) = await IssuePlantedAsync(factory, client);
        var cluster = await PostgresCluster.SharedAsync();
        var dump = Path.Combine(Path.GetTempPath(), $"identity-{Guid.NewGuid():N}.sql");
        try
        {
            var dumped = await cluster.RunClientToolAsync(
                "pg_dump", "--file", dump, "--dbname", PostgresCluster.LibpqUri(factory.Services.GetRequiredService<Configuration.ServerSettings>().PostgresConnectionString!));
            Assert.AreEqual(0, dumped.ExitCode, dumped.Output);
            var bytes = await File.ReadAllBytesAsync(dump);

            Assert.IsTrue(Contains(bytes, "st-marys"), "the dump holds what is in clear");
            Assert.IsTrue(Contains(bytes, "enc1:"), "the dump holds the sealed documents");
            Assert.IsFalse(Contains(bytes, planted), "the planted claim value is in the dump");
            Assert.IsFalse(Contains(bytes, did), "the patient's DID is in the dump");
        }
        finally
        {
            File.Delete(dump);
        }
    }

    // Issues a credential with a unique claim value, enrols the same patient's iris, verifies both, flushes the audit.
    private static async Task<(string Planted, string Did, JsonObject Issued)> IssuePlantedAsync(IdentityServerFactory factory, HttpClient client)
    {
        var tenant = await client.CreateTenantAsync("st-marys");
        using var patient = new Scenario.Patient();
        var planted = "planted-" + Guid.NewGuid().ToString("N");
        var credential = Scenario.Credential(patient.Did);
        credential["credentialSubject"]!["diagnosis"] = planted;
        var issued = await client.IssueAsync(tenant, credential);
        var binding = (await Biometrics.EnrollAsync(client, tenant, patient, Biometrics.IrisCapture(Biometrics.RandomIris(new Random(7)))))
            .AssertStatus(HttpStatusCode.Created).Body!["verifiableCredential"]!.AsObject();
        (await client.VerifyAsync(issued)).AssertStatus(HttpStatusCode.OK);
        var challenge = (await client.PostJsonAsync("/challenges", null)).Body!;
        var presentation = patient.Present([issued, binding], challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>());
        (await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = presentation,
            ["options"] = new JsonObject { ["challenge"] = challenge["challenge"]!.DeepClone(), ["domain"] = challenge["domain"]!.DeepClone() },
        })).AssertStatus(HttpStatusCode.OK);
        await factory.Services.GetRequiredService<Audit.AuditWriter>().FlushAsync(CancellationToken.None);
        var stored = await factory.Services.GetRequiredService<IIdentityStore>().GetCredentialAsync(tenant.Id, issued["id"]!.GetValue<string>());
        StringAssert.StartsWith(stored!.Document, "enc1:");
        return (planted, patient.Did, issued);
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
