using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Two real server processes on one PostgreSQL database: what one does, the other sees, and racing requests on the
/// two never break an invariant (unique status indexes, no lost revocation, single-use challenges).
/// </summary>
[TestClass]
public sealed class ReplicaTests
{
    [TestMethod]
    public async Task Issue_ConcurrentlyOnTwoReplicas_NeverAssignsAStatusIndexTwice()
    {
        // Arrange: small lists, so the replicas also race to open new lists.
        var (a, b) = await Replicas.StartTwoAsync(await Replicas.NewDatabaseAsync(), new Dictionary<string, string> { ["IDENTITY_STATUS_LIST_SIZE"] = "64" });
        await using var _ = a;
        await using var __ = b;
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var tenant = await clientA.CreateTenantAsync("regional");

        // Act: 240 issuances, half on each replica, 16 in flight at a time.
        using var gate = new SemaphoreSlim(16);
        var credentials = await Task.WhenAll(Enumerable.Range(0, 240).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await (i % 2 == 0 ? clientA : clientB).IssueAsync(tenant);
            }
            finally
            {
                gate.Release();
            }
        }));

        // Assert: every (list, index) pair is distinct, per purpose, and the lists filled up before new ones opened.
        foreach (var purpose in new[] { "revocation", "suspension" })
        {
            var positions = credentials.Select(c => StatusPosition(c, purpose)).ToList();
            Assert.HasCount(240, positions.Distinct(), $"{purpose}: an index was assigned twice.");
            Assert.HasCount(240 / 64 + 1, positions.Select(p => p.List).Distinct());
            Assert.IsTrue(positions.GroupBy(p => p.List).OrderBy(g => g.Key, StringComparer.Ordinal).Take(3).All(g => g.Count() == 64));
        }
    }

    [TestMethod]
    public async Task Revoke_DifferentCredentialsOfOneListOnTwoReplicasAtOnce_AllRevocationsKept()
    {
        // Arrange
        var (a, b) = await Replicas.StartTwoAsync(await Replicas.NewDatabaseAsync());
        await using var _ = a;
        await using var __ = b;
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var tenant = await clientA.CreateTenantAsync("regional");
        var credentials = new List<JsonObject>();
        for (int i = 0; i < 60; i++)
        {
            credentials.Add(await (i % 2 == 0 ? clientA : clientB).IssueAsync(tenant));
        }

        Assert.HasCount(1, credentials.Select(c => StatusPosition(c, "revocation").List).Distinct());

        // Act: the 40 first are revoked, all at once, alternating replicas; the 20 others are left alone.
        var revocations = await Task.WhenAll(credentials.Take(40).Select((c, i) => (i % 2 == 0 ? clientA : clientB).SetStatusAsync(tenant, c, "revocation", true)));

        // Assert: each replica, reading the list fresh (past its 2 s local cache), sees exactly the 40 revocations.
        Assert.IsTrue(revocations.All(r => r.Status == HttpStatusCode.OK), string.Join("\n", revocations.Select(r => r.Text)));
        await Task.Delay(Identity.Server.Status.StatusListService.LocalListDuration + TimeSpan.FromMilliseconds(200));
        foreach (var client in new[] { clientA, clientB })
        {
            for (int i = 0; i < credentials.Count; i++)
            {
                var verified = await client.VerifyAsync(credentials[i]);
                if (i < 40)
                {
                    verified.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
                }
                else
                {
                    verified.AssertStatus(HttpStatusCode.OK);
                }
            }
        }
    }

    [TestMethod]
    public async Task Challenge_IssuedByOneReplica_AcceptedOnceByEitherAndOnlyOnce()
    {
        // Arrange: a presentation bound to a challenge replica A issued.
        var (a, b) = await Replicas.StartTwoAsync(await Replicas.NewDatabaseAsync());
        await using var _ = a;
        await using var __ = b;
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var tenant = await clientA.CreateTenantAsync("regional");
        using var patient = new Scenario.Patient();
        var credential = await clientB.IssueAsync(tenant, Scenario.Credential(patient.Did));
        var results = new List<ApiResponse>();
        for (int round = 0; round < 3; round++)
        {
            var challenge = (await clientA.PostJsonAsync("/challenges", new JsonObject { ["domain"] = "clinic.example" })).AssertStatus(HttpStatusCode.OK).Body!;
            var value = challenge["challenge"]!.GetValue<string>();
            var presentation = patient.Present([credential], value, "clinic.example");
            var request = new JsonObject { ["verifiablePresentation"] = presentation, ["options"] = new JsonObject { ["challenge"] = value, ["domain"] = "clinic.example" } };

            // Act: the same presentation sent 8 times at once, half to each replica.
            var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? clientA : clientB).PostJsonAsync("/presentations/verify", request.DeepClone())));

            // Assert: one acceptance; every other attempt fails the challenge check alone.
            Assert.AreEqual(1, attempts.Count(r => r.Status == HttpStatusCode.OK), string.Join("\n", attempts.Select(r => r.Text)));
            foreach (var replay in attempts.Where(r => r.Status != HttpStatusCode.OK))
            {
                replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
            }

            results.AddRange(attempts);
        }

        // Over the rounds both replicas were reached; which one wins a race is up to the scheduler.
        Assert.HasCount(24, results);
    }

    [TestMethod]
    public async Task TenantAndKey_CreatedOnOneReplica_UsableOnTheOther()
    {
        // Arrange: A creates the tenant and rotates to a second key before B has ever seen the tenant.
        var (a, b) = await Replicas.StartTwoAsync(await Replicas.NewDatabaseAsync());
        await using var _ = a;
        await using var __ = b;
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var tenant = await clientA.CreateTenantAsync("regional");
        (await clientA.PostJsonAsync("/admin/tenants/regional/keys", new JsonObject { ["keyType"] = "Ed25519" }, IdentityServerFactory.AdminKey))
            .AssertStatus(HttpStatusCode.Created);

        // Act: B authenticates the API key A handed out, signs with the key A added, and serves the tenant's DID document.
        var credential = await clientB.IssueAsync(tenant);
        var document = await clientB.GetJsonAsync("/tenants/regional/did.json");
        var onA = await clientA.VerifyAsync(credential);
        var onB = await clientB.VerifyAsync(credential);

        // Assert
        Assert.AreEqual($"{tenant.Did}#key-2", credential["proof"]!["verificationMethod"]!.GetValue<string>());
        document.AssertStatus(HttpStatusCode.OK);
        Assert.HasCount(2, document.Body!["verificationMethod"]!.AsArray());
        onA.AssertStatus(HttpStatusCode.OK);
        onB.AssertStatus(HttpStatusCode.OK);
        (await clientB.GetJsonAsync("/admin/tenants", IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        var duplicate = await clientB.PostJsonAsync("/admin/tenants", new JsonObject { ["name"] = "again", ["id"] = "regional" }, IdentityServerFactory.AdminKey);
        duplicate.AssertProblem(HttpStatusCode.Conflict, "tenantExists");
    }

    [TestMethod]
    public async Task KeyRetirementAndApiKeyRevocation_OnOneReplica_HoldAtOnceOnTheOther()
    {
        // Arrange: B has used the did:key and a second API key, so anything it kept would be warm.
        var (a, b) = await Replicas.StartTwoAsync(await Replicas.NewDatabaseAsync());
        await using var _ = a;
        await using var __ = b;
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var tenant = await clientA.CreateTenantAsync("lifecycle");
        await KeyLifecycleTests.AddKeyAsync(clientA, "lifecycle");
        (await KeyLifecycleTests.IssueAsync(clientB, tenant, tenant.DidKey, "{}")).AssertStatus(HttpStatusCode.Created);
        var created = (await clientB.PostJsonAsync("/admin/tenants/lifecycle/api-keys", new JsonObject(), IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.Created);
        var second = tenant with { ApiKey = created.Body!["apiKey"]!.GetValue<string>() };
        await clientB.IssueAsync(second);

        // Act: A retires key-1 and revokes the second API key; B is asked right after.
        (await clientA.PostJsonAsync("/admin/tenants/lifecycle/keys/key-1/retire", null, IdentityServerFactory.AdminKey)).AssertStatus(HttpStatusCode.OK);
        var deleted = await clientA.SendJsonAsync(HttpMethod.Delete, $"/admin/tenants/lifecycle/api-keys/{created.Body["id"]!.GetValue<string>()}", null, IdentityServerFactory.AdminKey);
        var asDidKey = await KeyLifecycleTests.IssueAsync(clientB, tenant, tenant.DidKey, "{}");
        var withRevoked = await clientB.PostJsonAsync("/tenants/lifecycle/credentials/issue", new JsonObject { ["credential"] = Scenario.Credential("did:example:p") }, second.ApiKey);
        var document = await clientB.GetJsonAsync("/tenants/lifecycle/did.json");

        // Assert
        Assert.AreEqual(HttpStatusCode.NoContent, deleted.Status, deleted.Text);
        asDidKey.AssertProblem(HttpStatusCode.Conflict, "keyRetired");
        withRevoked.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.HasCount(1, document.Body!["verificationMethod"]!.AsArray());
        Assert.AreEqual($"{tenant.Did}#key-2", (await clientB.IssueAsync(tenant))["proof"]!["verificationMethod"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task RetireKey_ConcurrentlyOnTwoReplicas_LeavesOneActiveKey()
    {
        // Arrange: six keys; two retirement requests for each, split over the replicas.
        var (a, b) = await Replicas.StartTwoAsync(await Replicas.NewDatabaseAsync());
        await using var _ = a;
        await using var __ = b;
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        await clientA.CreateTenantAsync("race");
        for (int i = 0; i < 5; i++)
        {
            await KeyLifecycleTests.AddKeyAsync(clientA, "race");
        }

        // Act
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? clientA : clientB).PostJsonAsync($"/admin/tenants/race/keys/key-{(i % 6) + 1}/retire", null, IdentityServerFactory.AdminKey)));

        // Assert
        Assert.HasCount(1, (await clientB.GetJsonAsync("/tenants/race/did.json")).Body!["verificationMethod"]!.AsArray());
        var refused = responses.Where(r => r.Status != HttpStatusCode.OK).ToList();
        Assert.IsNotEmpty(refused);
        foreach (var response in refused)
        {
            response.AssertProblem(HttpStatusCode.Conflict, "lastActiveKey");
        }
    }

    /// <summary>The status list URL and index of a credential's entry for <paramref name="purpose"/>.</summary>
    internal static (string List, int Index) StatusPosition(JsonObject credential, string purpose)
    {
        var entry = credential["credentialStatus"]!.AsArray().Single(e => e!["statusPurpose"]!.GetValue<string>() == purpose)!;
        return (entry["statusListCredential"]!.GetValue<string>(), int.Parse(entry["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
