using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Cryptography.TransparencyLog;
using Identity.Primitives.TransparencyLog;
using Identity.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// The audit log served as a C2SP tiled transparency log under <c>/log</c>: the signed checkpoint verifies with the
/// published key and matches the tiles and entry bundles, proofs verify, malformed requests are problems, and the
/// service refuses to sign (and <c>/admin/audit/verify</c> reports) a log that was truncated or rewritten.
/// </summary>
[TestClass]
public sealed class TransparencyLogTests
{
    private const int Appended = 300;

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task Checkpoint_SignedByThePublishedKey_MatchesTilesBundlesAndProofs(Store store)
    {
        // Arrange: the default tenant's creation and 300 more entries (a full tile, a partial one, a level-1 tile).
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<IIdentityStore>().AppendAuditAsync(
            [.. Enumerable.Range(0, Appended).Select(i => new AuditEntry(DateTimeOffset.UnixEpoch.AddSeconds(i), "t1", "test.event", $"s{i}", "ok"))]);

        // Act
        Assert.IsTrue(NoteVerifierKey.TryParse(await client.GetStringAsync("/log/key"), out var key));
        using var checkpointResponse = await client.GetAsync("/log/checkpoint");
        var noteText = await checkpointResponse.Content.ReadAsStringAsync();
        var fullTile = await GetBytesAsync(client, "/log/tile/0/000", immutable: true);
        var partialTile = await GetBytesAsync(client, "/log/tile/0/001.p/45", immutable: true);
        var levelOne = await GetBytesAsync(client, "/log/tile/1/000.p/1", immutable: true);
        var bundle = await GetBytesAsync(client, "/log/tile/entries/000", immutable: true);

        // Assert: the note is a C2SP checkpoint of 301 leaves signed under the origin.
        Assert.AreEqual("text/plain; charset=utf-8", checkpointResponse.Content.Headers.ContentType!.ToString());
        Assert.IsTrue(SignedNote.TryParse(noteText, out var note));
        Assert.IsTrue(note!.VerifiedBy(key!));
        Assert.IsTrue(Checkpoint.TryParse(note.Text, out var checkpoint));
        Assert.AreEqual("localhost/log", checkpoint!.Origin);
        Assert.AreEqual(Appended + 1, checkpoint.Size);

        // The tiles rebuild the signed root; the level-1 hash is the root of the first full tile.
        var leaves = Hashes([.. fullTile, .. partialTile]);
        Assert.HasCount(Appended + 1, leaves);
        var frontier = new MerkleFrontier(0, []);
        foreach (var leaf in leaves)
        {
            frontier.Append(leaf, static (_, _) => { });
            if (frontier.Size == TilePath.FullWidth)
            {
                CollectionAssert.AreEqual(frontier.Root(), levelOne);
            }
        }

        CollectionAssert.AreEqual(checkpoint.Root, frontier.Root());

        // Each bundled entry is the stored entry's leaf data and hashes to its tile hash.
        var entries = Entries(bundle);
        Assert.HasCount(TilePath.FullWidth, entries);
        StringAssert.StartsWith(Encoding.UTF8.GetString(entries[0]), """{"action":"tenant.created",""");
        for (int i = 0; i < entries.Count; i++)
        {
            CollectionAssert.AreEqual(leaves[i], MerkleHash.Leaf(entries[i]));
        }

        // Proofs verify against the checkpoint.
        var inclusion = (await client.GetJsonAsync($"/log/proof/inclusion?index=200&size={checkpoint.Size}")).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.IsTrue(MerkleProofs.VerifyInclusion(leaves[200], 200, checkpoint.Size, Proof(inclusion), checkpoint.Root));
        var consistency = (await client.GetJsonAsync("/log/proof/consistency?from=7")).AssertStatus(HttpStatusCode.OK).Body!;
        var seven = new MerkleFrontier(0, []);
        leaves.Take(7).ToList().ForEach(l => seven.Append(l, static (_, _) => { }));
        Assert.AreEqual(checkpoint.Size, consistency["to"]!.GetValue<long>());
        Assert.IsTrue(MerkleProofs.VerifyConsistency(7, checkpoint.Size, seven.Root(), checkpoint.Root, Proof(consistency)));
    }

    [TestMethod]
    [DataRow("/log/tile/0/1", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/tile/0/x000/001", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/tile/64/000", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/tile/0/000.p/0", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/tile/entries/000.p/256", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/tile/", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/tile/0/000", HttpStatusCode.NotFound, "notFound")]
    [DataRow("/log/tile/0/000.p/2", HttpStatusCode.NotFound, "notFound")]
    [DataRow("/log/tile/entries/x999/x999/x999/x999/x999/999", HttpStatusCode.NotFound, "notFound")]
    [DataRow("/log/tile/63/x009/x223/x372/x036/x854/775", HttpStatusCode.NotFound, "notFound")]
    [DataRow("/log/proof/inclusion?index=1&size=1", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/inclusion?index=0&size=2", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/inclusion?index=00", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/inclusion?index=-1", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/inclusion?index=0&index=0", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/inclusion", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/consistency?from=0", HttpStatusCode.BadRequest, "invalidLogRequest")]
    [DataRow("/log/proof/consistency?from=1&to=99999999999999999999", HttpStatusCode.BadRequest, "invalidLogRequest")]
    public async Task LogRequest_MalformedOrBeyondTheTree_IsAProblem(string path, HttpStatusCode status, string code)
    {
        // A fresh service's log holds one entry: the default tenant's creation.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        (await client.GetJsonAsync(path)).AssertProblem(status, code);
    }

    [TestMethod]
    public async Task Checkpoint_LogTruncatedBySql_IsRefusedAndVerifyReportsIt()
    {
        // Arrange: a checkpoint of 11 leaves is signed.
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<IIdentityStore>().AppendAuditAsync(
            [.. Enumerable.Range(0, 10).Select(i => new AuditEntry(DateTimeOffset.UnixEpoch, "t1", "test.event", $"s{i}", "ok"))]);
        (await client.GetAsync("/log/checkpoint")).EnsureSuccessStatusCode();

        // Act: the last three entries and their nodes are deleted.
        using (var raw = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "identity.db")};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_no_delete; DROP TRIGGER log_nodes_no_delete; DELETE FROM audit WHERE seq > 8; DELETE FROM log_nodes WHERE ((idx + 1) << level) > 8;";
            command.ExecuteNonQuery();
        }

        // Assert
        (await client.GetJsonAsync("/log/checkpoint")).AssertProblem(HttpStatusCode.InternalServerError, "logInconsistent");
        var report = (await client.GetJsonAsync("/admin/audit/verify", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.IsFalse(report["valid"]!.GetValue<bool>());
        Assert.AreEqual(11, report["checkpointSize"]!.GetValue<long>());
        Assert.AreEqual(9, report["firstInvalidSequence"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task Verify_EntryRewrittenBySql_IsInvalidAtThatSequence()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        await factory.Services.GetRequiredService<IIdentityStore>().AppendAuditAsync(
            [.. Enumerable.Range(0, 4).Select(i => new AuditEntry(DateTimeOffset.UnixEpoch, "t1", "test.event", $"s{i}", "ok"))]);
        Assert.IsTrue((await client.GetJsonAsync("/admin/audit/verify", IdentityServerFactory.AdminKey)).Body!["valid"]!.GetValue<bool>());

        using (var raw = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "identity.db")};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_no_update; UPDATE audit SET outcome = 'denied' WHERE seq = 3;";
            command.ExecuteNonQuery();
        }

        var report = (await client.GetJsonAsync("/admin/audit/verify", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.IsFalse(report["valid"]!.GetValue<bool>());
        Assert.AreEqual(3, report["firstInvalidSequence"]!.GetValue<long>());
    }

    [TestMethod]
    public async Task EntryBundle_HoldingAnEntryFromBeforeTheLog_NeedsTheAdminKey_AndIsNotCached()
    {
        // Arrange: three entries; then the second one is made to look as an upgraded deployment's older row does (its
        // hash column keeps the old chain value SHA-256(previous ‖ JCS(entry)), not its leaf hash: it was written
        // before the log, not pseudonymised).
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var store = factory.Services.GetRequiredService<IIdentityStore>();
        await store.AppendAuditAsync([.. Enumerable.Range(0, 3).Select(i => new AuditEntry(DateTimeOffset.UnixEpoch, "t1", "test.event", $"s{i}", "ok"))]);
        string bundle = $"/log/tile/entries/000.p/{await store.GetLogSizeAsync()}";
        using (var before = await client.GetAsync(bundle))
        {
            Assert.AreEqual(HttpStatusCode.OK, before.StatusCode);
            Assert.IsTrue(before.Headers.CacheControl!.Public);
        }

        using (var raw = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "identity.db")};Pooling=false"))
        {
            raw.Open();
            using var command = raw.CreateCommand();
            var second = (await store.ReadAuditAsync(1, 1))[0];
            command.CommandText = "DROP TRIGGER audit_no_update; UPDATE audit SET hash = @chain WHERE seq = 2;";
            command.Parameters.AddWithValue("@chain", System.Security.Cryptography.SHA256.HashData([.. second.PreviousHash, .. AuditLog.LeafData(2, second.Entry)]));
            command.ExecuteNonQuery();
        }

        // Act
        var anonymous = await client.GetJsonAsync(bundle);
        var wrongKey = await client.GetJsonAsync(bundle, "not-the-admin-key");
        using var request = new HttpRequestMessage(HttpMethod.Get, bundle);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", IdentityServerFactory.AdminKey);
        using var operator_ = await client.SendAsync(request);

        // Assert
        anonymous.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        wrongKey.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.AreEqual(HttpStatusCode.OK, operator_.StatusCode);
        Assert.IsTrue(operator_.Headers.CacheControl!.NoStore);
        Assert.HasCount(await store.GetLogSizeAsync() is var size ? (int)size : 0, Entries(await operator_.Content.ReadAsByteArrayAsync()));
    }

    private static async Task<byte[]> GetBytesAsync(HttpClient client, string path, bool immutable)
    {
        using var response = await client.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path);
        Assert.AreEqual("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.AreEqual(immutable, response.Headers.CacheControl!.ToString().Contains("immutable", StringComparison.Ordinal));
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static List<byte[]> Hashes(byte[] tile) => [.. tile.Chunk(MerkleHash.Size)];

    private static List<byte[]> Entries(byte[] bundle)
    {
        var entries = new List<byte[]>();
        for (int at = 0; at < bundle.Length;)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(bundle.AsSpan(at));
            entries.Add(bundle[(at + 2)..(at + 2 + length)]);
            at += 2 + length;
        }

        return entries;
    }

    private static List<byte[]> Proof(JsonObject body) => [.. body["proof"]!.AsArray().Select(n => Convert.FromBase64String(n!.GetValue<string>()))];
}
