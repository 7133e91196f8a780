using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>Readings at rest: sealed, never half-stored when the store fails in the middle of a batch.</summary>
[TestClass]
public sealed class ReadingStorageTests
{
    [TestMethod]
    public async Task Ingest_StoreFailsMidBatch_NothingOfTheBatchIsStored()
    {
        // Arrange: the database refuses the third reading's row, after the batch row and two readings were written.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();
        var batch = MonitoringParties.Bundle(Enumerable.Range(1, 5).Select(i => parties.Glucose(i)));
        await ExecuteAsync(factory, "CREATE TRIGGER fail_third BEFORE INSERT ON readings WHEN NEW.sequence = 3 BEGIN SELECT RAISE(ABORT, 'injected'); END;");

        // Act
        var failed = await parties.SendAsync(batch);
        var afterFailure = await parties.SendAsync(MonitoringParties.Bundle([batch["entry"]![0]!["resource"]!.AsObject().DeepClone().AsObject()]));
        await ExecuteAsync(factory, "DROP TRIGGER fail_third;");
        var resent = await parties.SendAsync(batch);

        // Assert: the failure is a 503 problem; reading 1 was not kept (no duplicate), the mark did not move (no gap).
        failed.AssertProblem(HttpStatusCode.ServiceUnavailable, "storageFailed");
        Assert.AreEqual("accepted", MonitoringParties.Statuses(afterFailure.AssertStatus(HttpStatusCode.OK))[0], afterFailure.Text);
        Assert.AreEqual(0, afterFailure.Body!["gaps"]!.AsArray().Count);
        CollectionAssert.AreEqual(new[] { "duplicate", "accepted", "accepted", "accepted", "accepted" }, MonitoringParties.Statuses(resent.AssertStatus(HttpStatusCode.OK)), resent.Text);
    }

    [TestMethod]
    public async Task Ingest_Readings_AreNotInClearInTheDatabaseFiles()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();

        // Act
        var answer = await parties.SendAsync(MonitoringParties.Bundle([parties.Glucose(1, 123.4567m), parties.Glucose(2, 98.7654m)]));

        // Assert: the files of the running server (WAL included) hold neither the values nor the DIDs nor the device model.
        Assert.AreEqual(2, answer.AssertStatus(HttpStatusCode.OK).Body!["accepted"]!.GetValue<int>());
        var files = Directory.GetFiles(factory.DataDirectory, "identity.db*").Select(File.ReadAllBytes).ToList();
        Assert.IsTrue(files.Any(f => Contains(f, "st-marys")), "the scan finds what is in clear");
        Assert.IsTrue(files.Any(f => Contains(f, "2339-0")), "the LOINC code is kept in clear for the search");
        foreach (var planted in new[] { "123.4567", "98.7654", parties.PatientDid, parties.DeviceDid, "Acme Sensors", "mg/dL" })
        {
            Assert.IsFalse(files.Any(f => Contains(f, planted)), $"'{planted}' is in clear in the database");
        }
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Erase_Patient_DeletesTheirReadings(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        using var parties = await MonitoringParties.CreateAsync(client);
        await parties.BindAsync();
        (await parties.SendAsync(MonitoringParties.Bundle([parties.Glucose(1), parties.Glucose(2)]))).AssertStatus(HttpStatusCode.OK);
        var tag = (await factory.Services.GetRequiredService<Audit.SubjectPseudonyms>().OfAsync(parties.TenantInfo.Id, parties.PatientDid, CancellationToken.None)).Value;
        var readings = factory.Services.GetRequiredService<IReadingStore>();
        int before = (await readings.FindReadingsAsync(parties.TenantInfo.Id, tag, null, null, 10)).Count;

        // Act
        (await client.PostJsonAsync($"/tenants/{parties.TenantInfo.Id}/patients/erase", new JsonObject { ["did"] = parties.PatientDid }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.OK);

        // Assert
        Assert.AreEqual(2, before);
        Assert.AreEqual(0, (await readings.FindReadingsAsync(parties.TenantInfo.Id, tag, null, null, 10)).Count);
    }

    private static async Task ExecuteAsync(IdentityServerFactory factory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "identity.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
