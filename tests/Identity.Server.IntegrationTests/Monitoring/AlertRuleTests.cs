using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Identity.Server.IntegrationTests.Monitoring;

/// <summary>Per-patient alert rules through HTTP: set, read back, stored sealed under a pseudonym, and every bad set refused whole.</summary>
[TestClass]
public sealed class AlertRuleTests
{
    [TestMethod]
    public async Task PutRules_EchoesThem_GetReadsThemBack_AndTheDatabaseHoldsNeitherDidNorRule()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rules-a");
        var rules = AlertClient.Rules(
            AlertClient.Rule("low-glucose", "2339-0", "mg/dL", below: 70),
            AlertClient.Rule("high-systolic", "8480-6", "mm[Hg]", above: 180),
            AlertClient.Rule("weight-range", "29463-7", "kg", below: 40.5m, above: 150));

        // Act
        var put = (await client.PutRulesAsync(tenant, AlertClient.PatientA, rules)).AssertStatus(HttpStatusCode.OK);
        var get = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, AlertClient.PatientA), tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);
        var other = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG"), tenant.ApiKey))
            .AssertStatus(HttpStatusCode.OK);

        // Assert: the echo and the read are the rules sent; another patient has none.
        Assert.IsTrue(JsonNode.DeepEquals(rules, put.Body), put.Text);
        Assert.IsTrue(JsonNode.DeepEquals(rules, get.Body), get.Text);
        Assert.IsEmpty(other.Body!["rules"]!.AsArray());

        // Assert: at rest, a pseudonym and a sealed value only.
        using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "identity.db")};Pooling=False");
        connection.Open();
        using var command = new SqliteCommand("SELECT patient_tag, rules FROM alert_rules", connection);
        using var reader = command.ExecuteReader();
        Assert.IsTrue(reader.Read());
        StringAssert.StartsWith(reader.GetString(0), "ps1:");
        StringAssert.StartsWith(reader.GetString(1), "enc1:");
        Assert.DoesNotContain("z6Mkha", reader.GetString(1));
        Assert.DoesNotContain("2339-0", reader.GetString(1));
    }

    [TestMethod]
    public async Task PutRules_ByPatientId_IsThePatientsDidWeb_AndAnEmptySetClearsThem()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rules-b");
        var rules = AlertClient.Rules(AlertClient.Rule("low-spo2", "59408-5", "%", below: 90));

        (await client.PutRulesAsync(tenant, "alice", rules)).AssertStatus(HttpStatusCode.OK);
        var byDid = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, "did:web:localhost:tenants:rules-b:patients:alice"), tenant.ApiKey))
            .AssertStatus(HttpStatusCode.OK);
        (await client.PutRulesAsync(tenant, "alice", AlertClient.Rules())).AssertStatus(HttpStatusCode.OK);
        var cleared = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, "alice"), tenant.ApiKey)).AssertStatus(HttpStatusCode.OK);

        Assert.IsTrue(JsonNode.DeepEquals(rules, byDid.Body), byDid.Text);
        Assert.IsEmpty(cleared.Body!["rules"]!.AsArray());
    }

    public static IEnumerable<object[]> BadSets()
    {
        yield return ["unknown LOINC code", """{"rules":[{"id":"a","code":"1234-5","below":70,"unit":"mg/dL"}]}"""];
        yield return ["the panel code has no value", """{"rules":[{"id":"a","code":"85354-9","above":180,"unit":"mm[Hg]"}]}"""];
        yield return ["unit of another code", """{"rules":[{"id":"a","code":"8867-4","above":120,"unit":"mg/dL"}]}"""];
        yield return ["unit spelled outside UCUM", """{"rules":[{"id":"a","code":"2339-0","below":70,"unit":"mg/dl"}]}"""];
        yield return ["threshold as a string", """{"rules":[{"id":"a","code":"2339-0","below":"70","unit":"mg/dL"}]}"""];
        yield return ["no threshold", """{"rules":[{"id":"a","code":"2339-0","unit":"mg/dL"}]}"""];
        yield return ["below not under above", """{"rules":[{"id":"a","code":"2339-0","below":180,"above":70,"unit":"mg/dL"}]}"""];
        yield return ["huge threshold", """{"rules":[{"id":"a","code":"2339-0","below":1e300,"unit":"mg/dL"}]}"""];
        yield return ["repeated id", """{"rules":[{"id":"a","code":"2339-0","below":70,"unit":"mg/dL"},{"id":"a","code":"8867-4","above":120,"unit":"/min"}]}"""];
        yield return ["bad id", """{"rules":[{"id":"a b","code":"2339-0","below":70,"unit":"mg/dL"}]}"""];
        yield return ["unknown member", """{"rules":[{"id":"a","code":"2339-0","below":70,"unit":"mg/dL","notify":"x"}]}"""];
        yield return ["not a list", """{"rules":{"id":"a"}}"""];
        yield return ["extra member", """{"rules":[],"patient":"x"}"""];
        yield return ["a rule not an object", """{"rules":[1]}"""];
        var many = string.Join(",", Enumerable.Range(0, 33).Select(i => $$"""{"id":"r{{i}}","code":"8867-4","above":120,"unit":"/min"}"""));
        yield return ["33 rules", $$"""{"rules":[{{many}}]}"""];
    }

    [TestMethod]
    [DynamicData(nameof(BadSets))]
    public async Task PutRules_BadSet_IsRefusedWhole_AndTheStoredRulesStay(string why, string body)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rules-c");
        var kept = AlertClient.Rules(AlertClient.Rule("low-glucose", "2339-0", "mg/dL", below: 70));
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, kept)).AssertStatus(HttpStatusCode.OK);

        var refused = await client.SendJsonAsync(HttpMethod.Put, AlertClient.RulesPath(tenant.Id, AlertClient.PatientA), body, tenant.ApiKey);

        refused.AssertProblem(HttpStatusCode.BadRequest, "invalidAlertRules");
        var stored = (await client.GetJsonAsync(AlertClient.RulesPath(tenant.Id, AlertClient.PatientA), tenant.ApiKey)).Body;
        Assert.IsTrue(JsonNode.DeepEquals(kept, stored), $"{why}: {stored}");
    }

    [TestMethod]
    public async Task Rules_AreTheTenants_AndNeedItsKey()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("rules-d");
        var stranger = await client.CreateTenantAsync("rules-e");
        var rules = AlertClient.Rules(AlertClient.Rule("low-glucose", "2339-0", "mg/dL", below: 70));
        var path = AlertClient.RulesPath(tenant.Id, AlertClient.PatientA);

        (await client.SendJsonAsync(HttpMethod.Put, path, rules.ToJsonString())).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.GetJsonAsync(path)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await client.PutRulesAsync(tenant, AlertClient.PatientA, rules, stranger.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.GetJsonAsync(path, stranger.ApiKey)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await client.PutRulesAsync(tenant, "did:nope", rules)).AssertProblem(HttpStatusCode.BadRequest, "invalidDid");
        (await client.SendJsonAsync(HttpMethod.Put, path, "{\"rules\":[", tenant.ApiKey)).AssertStatus(HttpStatusCode.BadRequest);
    }
}
