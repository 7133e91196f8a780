using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;
using Identity.Credentials.Status;
using Identity.Server.Status;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Bitstring Status List with <c>statusSize</c> 2: <c>options.messageStatus</c> adds a <c>message</c> entry with
/// <c>statusMessage</c> and <c>statusReference</c>; its list (the revocation list's two-bit view) is served signed at
/// <c>/tenants/{t}/status-messages/{list}</c>, and both it and the local check follow suspension and revocation.
/// </summary>
[TestClass]
public sealed class MessageStatusTests
{
    public TestContext TestContext { get; set; } = null!;

    private static JsonObject MessageOption(JsonNode value) => new() { ["messageStatus"] = value };

    [TestMethod]
    public async Task Issue_MessageStatus_ServedListAndLocalCheckFollowSuspensionAndRevocation()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("msg-status");

        // Act
        var credential = await client.IssueAsync(tenant, options: MessageOption(true));

        // Assert: the entry, at the revocation index, in the revocation list's message view.
        var entries = credential["credentialStatus"]!.AsArray();
        Assert.HasCount(3, entries);
        var revocation = entries[0]!.AsObject();
        var message = entries[2]!.AsObject();
        Assert.AreEqual("message", message["statusPurpose"]!.GetValue<string>());
        Assert.AreEqual(2, message["statusSize"]!.GetValue<int>());
        Assert.AreEqual(revocation["statusListIndex"]!.GetValue<string>(), message["statusListIndex"]!.GetValue<string>());
        var listPath = new Uri(message["statusListCredential"]!.GetValue<string>()).AbsolutePath;
        Assert.AreEqual(new Uri(revocation["statusListCredential"]!.GetValue<string>()).AbsolutePath.Replace("/status/", "/status-messages/", StringComparison.Ordinal), listPath);
        CollectionAssert.AreEqual(new[] { "0x0", "0x1", "0x2", "0x3" }, message["statusMessage"]!.AsArray().Select(m => m!["status"]!.GetValue<string>()).ToArray());
        Assert.AreEqual(StatusMessages.TokenStatusTypesReference, message["statusReference"]!.GetValue<string>());
        (await client.VerifyAsync(credential)).AssertStatus(HttpStatusCode.OK);
        int index = int.Parse(message["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual(0, await ServedValueAsync(client, listPath, index));
        Assert.IsNull(await LocalCheckAsync(factory, credential, message));

        (await client.SetStatusAsync(tenant, credential, "suspension", true)).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(2, await ServedValueAsync(client, listPath, index));
        var suspended = await LocalCheckAsync(factory, credential, message);
        Assert.AreEqual("credentialStatusFlagged", suspended?.Code);
        StringAssert.Contains(suspended!.Detail, "0x2 (suspended)");

        (await client.SetStatusAsync(tenant, credential, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(1, await ServedValueAsync(client, listPath, index));
        StringAssert.Contains((await LocalCheckAsync(factory, credential, message))!.Detail, "0x1 (revoked)");
        (await client.VerifyAsync(credential)).AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    public async Task Issue_MessageStatusMalformedOrOnVc11_InvalidOptions()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("msg-options");
        var vc11 = Scenario.Credential("did:example:patient");
        vc11["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1");
        vc11["issuanceDate"] = "2026-01-01T00:00:00Z";

        foreach (var (credential, value) in new (JsonObject, JsonNode)[] { (Scenario.Credential("did:example:patient"), "yes"), (vc11, true) })
        {
            var response = await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue",
                new JsonObject { ["credential"] = credential, ["options"] = MessageOption(value) }, tenant.ApiKey);
            response.AssertProblem(HttpStatusCode.BadRequest, "invalidOptions");
            StringAssert.Contains(response.Text, "messageStatus");
        }
    }

    [TestMethod]
    [DataRow("statusListIndex", "true", DisplayName = "statusListIndex true (the Bitstring suite's MALFORMED_VALUE_ERROR case)")]
    [DataRow("statusListIndex", "\"-1\"")]
    [DataRow("statusSize", "2")]
    [DataRow("statusReference", "7")]
    public async Task Issue_SuppliedMalformedBitstringEntry_InvalidStatusEntryNamingTheField(string field, string valueJson)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("msg-supplied");
        var credential = Scenario.Credential("did:example:patient");
        var entry = new JsonObject
        {
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = "revocation",
            ["statusListIndex"] = "3",
            ["statusListCredential"] = "https://example.com/status/1",
        };
        entry[field] = JsonNode.Parse(valueJson);
        credential["credentialStatus"] = entry;

        var response = await client.PostJsonAsync($"/tenants/{tenant.Id}/credentials/issue", new JsonObject { ["credential"] = credential }, tenant.ApiKey);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidStatusEntry");
        StringAssert.Contains(response.Body!["detail"]!.GetValue<string>(), field);
    }

    [TestMethod]
    public async Task MessageList_UnknownList_NotFoundProblem()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("msg-missing");

        (await client.GetJsonAsync($"/tenants/{tenant.Id}/{StatusUrls.MessageListSegment}/nope")).AssertProblem(HttpStatusCode.NotFound, "notFound");
    }

    // The served list must itself be a credential this service verifies; the value is read at bits 2i (high), 2i + 1.
    private static async Task<int> ServedValueAsync(HttpClient client, string path, int index)
    {
        var list = (await client.GetJsonAsync(path)).AssertStatus(HttpStatusCode.OK).Body!;
        Assert.AreEqual("message", list["credentialSubject"]!["statusPurpose"]!.GetValue<string>());
        (await client.VerifyAsync(list)).AssertStatus(HttpStatusCode.OK);
        var bits = BitstringStatusList.Decode(list["credentialSubject"]!["encodedList"]!.GetValue<string>()).Value;
        return (bits[2 * index] ? 2 : 0) | (bits[(2 * index) + 1] ? 1 : 0);
    }

    private async Task<Primitives.Error?> LocalCheckAsync(IdentityServerFactory factory, JsonObject credential, JsonObject entry) =>
        await factory.Services.GetRequiredService<RoutingStatusChecker>().CheckAsync(
            VerifiableCredential.Parse(credential).Value, entry, TestContext.CancellationToken);
}
