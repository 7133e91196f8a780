using System.Net;
using System.Text.Json.Nodes;
using Identity.Testing;

namespace Identity.Server.IntegrationTests;

/// <summary>
/// Two real services on loopback: a tenant of one issues, the other verifies through did:web resolution over HTTP
/// and fetches and checks the first one's signed status list.
/// </summary>
[TestClass]
public sealed class TwoServersTests
{
    [TestMethod]
    public async Task CredentialFromTenantOfOneServer_VerifiesOnTheOther_ThroughDidWebAndRemoteStatusList()
    {
        // Arrange: both allow loopback did:web (as local setups and tests must); A's tenant issues.
        var loopback = new Dictionary<string, string> { ["IDENTITY_DID_WEB_ALLOW_LOOPBACK"] = "1", ["IDENTITY_ADMIN_KEY"] = IdentityServerFactory.AdminKey };
        await using var a = await ServerProcess.StartAsync(loopback);
        await using var b = await ServerProcess.StartAsync(loopback);
        using var clientA = new HttpClient { BaseAddress = new Uri(a.BaseUrl) };
        using var clientB = new HttpClient { BaseAddress = new Uri(b.BaseUrl) };
        var hospital = await clientA.CreateTenantAsync("st-marys");
        var credential = await clientA.IssueAsync(hospital);

        // Act: B resolves A's did:web and verifies.
        var resolved = await clientB.GetJsonAsync("/1.0/identifiers/" + Uri.EscapeDataString(hospital.Did));
        var verified = await clientB.VerifyAsync(credential);

        // Assert
        Assert.AreEqual($"did:web:127.0.0.1%3A{a.Port}:tenants:st-marys", hospital.Did);
        resolved.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(hospital.Did, resolved.Body!["didDocument"]!["id"]!.GetValue<string>());
        verified.AssertStatus(HttpStatusCode.OK);
        var checks = verified.Body!["checks"]!.AsArray().Select(c => $"{c!["check"]}:{c["status"]}").ToList();
        CollectionAssert.Contains(checks, "proof:passed");
        CollectionAssert.Contains(checks, "credentialStatus:passed");

        // A tampered copy fails on B, and a server without loopback did:web refuses to fetch A at all.
        credential["credentialSubject"]!["bloodType"] = "O+";
        var tampered = await clientB.VerifyAsync(credential);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, tampered.Status, tampered.Text);
        await using var strict = await ServerProcess.StartAsync();
        using var clientStrict = new HttpClient { BaseAddress = new Uri(strict.BaseUrl) };
        var refused = await clientStrict.GetJsonAsync("/1.0/identifiers/" + Uri.EscapeDataString(hospital.Did));
        refused.AssertProblem(HttpStatusCode.BadRequest, "addressNotAllowed");
    }
}
