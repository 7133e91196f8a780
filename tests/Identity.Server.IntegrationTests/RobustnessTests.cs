using System.Net;

namespace Identity.Server.IntegrationTests;

/// <summary>Odd but well-formed JSON at every public endpoint: always a 2xx or a 4xx problem, never a 500.</summary>
[TestClass]
public sealed class RobustnessTests
{
    private static readonly string[] s_documents =
    [
        "{}", "{\"@context\": 5}", "{\"@context\": [null], \"type\": [null]}", "{\"proof\": []}", "{\"proof\": [1, \"x\", null]}",
        "{\"proof\": {\"type\": \"DataIntegrityProof\", \"cryptosuite\": \"eddsa-jcs-2022\", \"verificationMethod\": \"did:key:z6Mk#x\", \"proofValue\": \"zzz\"}}",
        "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiableCredential\"], \"issuer\": {\"id\": 7}, \"credentialSubject\": []}",
        "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": \"VerifiablePresentation\", \"verifiableCredential\": \"eyJhbGciOiJub25lIn0.e30.\"}",
        "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": \"VerifiablePresentation\", \"verifiableCredential\": [{\"verifiableCredential\": [{}]}]}",
        "{\"credentialStatus\": {\"type\": \"BitstringStatusListEntry\", \"statusListIndex\": \"-1\", \"statusListCredential\": \"http://localhost/tenants/default/status/revocation-1\"}}",
        "{\"validFrom\": \"9999-99-99\", \"validUntil\": 1e400, \"id\": 1.5e308}",
        "{\"holder\": {\"id\": []}, \"proof\": {\"proofPurpose\": \"authentication\", \"challenge\": [1], \"domain\": {}}}",
    ];

    public static IEnumerable<object[]> Cases() =>
        from document in s_documents
        from request in new[] { ("/credentials/verify", "verifiableCredential"), ("/presentations/verify", "verifiablePresentation"), ("/credentials/issue", "credential") }
        select new object[] { request.Item1, $"{{\"{request.Item2}\": {document}, \"options\": {{\"challenge\": \"c\"}}}}" };

    [TestMethod]
    public async Task OddDocuments_NeverAnswer500()
    {
        await using var factory = new IdentityServerFactory(s => s["IDENTITY_DEV_MODE"] = "1");
        var client = factory.CreateClient();
        foreach (var @case in Cases())
        {
            var response = await client.SendJsonAsync(HttpMethod.Post, (string)@case[0], (string)@case[1]);
            Assert.IsTrue((int)response.Status < 500, $"{@case[0]} {@case[1]} → {(int)response.Status} {response.Text}");
            if (!response.Status.ToString().StartsWith('2') && response.Status != HttpStatusCode.Created && response.Status != HttpStatusCode.OK)
            {
                Assert.AreEqual("application/problem+json", response.MediaType, $"{@case[0]} {@case[1]}");
                Assert.IsNotNull(response.Code, response.Text);
            }
        }
    }
}
