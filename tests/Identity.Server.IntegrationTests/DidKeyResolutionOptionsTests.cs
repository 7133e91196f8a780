using System.Net;

namespace Identity.Server.IntegrationTests;

/// <summary>did:key resolution options (publicKeyFormat, enableExperimentalPublicKeyTypes) and DID URL syntax errors
/// on <c>GET /1.0/identifiers/{did}</c>, as the did:key specification and DID Resolution define them.</summary>
[TestClass]
public sealed class DidKeyResolutionOptionsTests
{
    private const string Key = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    private const string Did = "did:key:" + Key;

    private static Task<ApiResponse> ResolveAsync(HttpClient client, string didOrUrl, string query = "") =>
        client.GetJsonAsync("/1.0/identifiers/" + Uri.EscapeDataString(didOrUrl) + query);

    [TestMethod]
    public async Task PublicKeyFormat_Ed25519VerificationKey2020_RespellsTheSigningKey_WithItsContext()
    {
        await using var factory = new IdentityServerFactory();

        var response = (await ResolveAsync(factory.CreateClient(), Did, "?publicKeyFormat=Ed25519VerificationKey2020")).AssertStatus(HttpStatusCode.OK);

        var document = response.Body!["didDocument"]!;
        var signing = document["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == $"{Did}#{Key}")!;
        Assert.AreEqual("Ed25519VerificationKey2020", signing["type"]!.GetValue<string>());
        Assert.AreEqual(Key, signing["publicKeyMultibase"]!.GetValue<string>());
        CollectionAssert.Contains(document["@context"]!.AsArray().Select(c => c!.GetValue<string>()).ToList(), "https://w3id.org/security/suites/ed25519-2020/v1");
    }

    [TestMethod]
    public async Task PublicKeyFormat_UnknownOrExperimentalOrNotProduced_IsRefusedWithTheDidKeyError()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var unknown = await ResolveAsync(client, Did, "?publicKeyFormat=unknown");
        var experimental = await ResolveAsync(client, $"{Did}#{Key}", "?publicKeyFormat=Ed25519VerificationKey2018&enableExperimentalPublicKeyTypes=false");
        var notProduced = await ResolveAsync(client, Did, "?publicKeyFormat=JsonWebKey2020");
        var multikey = await ResolveAsync(client, Did, "?publicKeyFormat=Multikey");

        unknown.AssertProblem(HttpStatusCode.BadRequest, "unsupportedPublicKeyType");
        Assert.AreEqual("unsupportedPublicKeyType", unknown.Body!["didResolutionMetadata"]!["error"]!.GetValue<string>());
        experimental.AssertProblem(HttpStatusCode.BadRequest, "invalidPublicKeyType");
        Assert.AreEqual("invalidPublicKeyType", experimental.Body!["didDereferencingMetadata"]!["error"]!.GetValue<string>());
        notProduced.AssertProblem(HttpStatusCode.BadRequest, "unsupportedPublicKeyType");
        multikey.AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task InvalidDidUrl_IsInvalidDidUrl_InTheDereferencingMetadata_NotInvalidDid()
    {
        await using var factory = new IdentityServerFactory();

        var response = await ResolveAsync(factory.CreateClient(), $"{Did}/^bar^/?query=`#{Key}");

        response.AssertProblem(HttpStatusCode.BadRequest, "invalidDidUrl");
        Assert.AreEqual("invalidDidUrl", response.Body!["didDereferencingMetadata"]!["error"]!.GetValue<string>());
        Assert.IsTrue(response.Body.ContainsKey("didDocument"));
        Assert.IsTrue(response.Body.ContainsKey("didDocumentMetadata"));
    }
}
