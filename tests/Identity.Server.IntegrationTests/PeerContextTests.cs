// Peer: @digitalbazaar/vc 7.3.0 + @digitalbazaar/eddsa-rdfc-2022-cryptosuite 1.3.0 through tests/interop/vc-eddsa-rdfc.mjs
// (install: npm ci --prefix tests/interop). W3C VC Data Model v2.0 §5.2 Extensibility (issuer-defined terms and the
// undefined-terms context), https://www.w3.org/TR/vc-data-model-2.0/#extensibility
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.Credentials.Tests.Interop;
using Identity.Cryptography;
using Identity.DidMethods.Key;

namespace Identity.Server.IntegrationTests;

/// <summary>The contexts peers send: issuer-defined terms through undefined-terms/v2, operators' own contexts, and a
/// clear refusal of a context nobody configured.</summary>
[TestClass]
public sealed class PeerContextTests
{
    private const string UndefinedTerms = "https://www.w3.org/ns/credentials/undefined-terms/v2";
    private const string SeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    public TestContext TestContext { get; set; } = null!;

    private static JsonObject IssuerDefined(string issuer) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", UndefinedTerms),
        ["id"] = "urn:uuid:6c1c2f1e-8a52-4d2b-9f3e-0b1e6a5d7c21",
        ["type"] = new JsonArray("VerifiableCredential", "LabResultCredential"),
        ["issuer"] = issuer,
        ["validFrom"] = "2025-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject { ["id"] = "did:example:patient", ["bloodType"] = "AB-" },
    };

    [TestMethod]
    public async Task PeerSignedCredential_WithUndefinedTermsContext_VerifiesHere_AndTamperingFails()
    {
        // Arrange: @digitalbazaar/vc signs an issuer-defined type and claim with eddsa-rdfc-2022.
        using var key = SignatureAlgorithms.Ed25519.ImportPrivateKey(Convert.FromHexString(SeedHex)).Value;
        string did = DidKeyMethod.CreateDid(key.PublicKey).Value;
        var signed = JsonNode.Parse(await NodeInteropPeer.RunAsync("vc-eddsa-rdfc.mjs", "issue", new JsonObject
        {
            ["credential"] = IssuerDefined(did), ["seedHex"] = SeedHex, ["created"] = "2025-05-15T10:20:30Z",
        }, TestContext.CancellationToken))!.AsObject();
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        // Act
        var verified = await client.VerifyAsync(signed);
        signed["credentialSubject"]!["bloodType"] = "O+";
        var tampered = await client.VerifyAsync(signed);

        // Assert
        verified.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, tampered.Status, tampered.Text);
    }

    [TestMethod]
    public async Task LegacyEd25519Signature2020Vector_WithExamplesAndEd25519Contexts_Verifies_AndTamperingFails()
    {
        // The vc-di-eddsa Ed25519Signature2020 vector: examples/v2 and ed25519-2020/v1 contexts, a legacy proof.
        var vector = JsonNode.Parse(File.ReadAllText(Identity.Testing.TestVectors.Path("vc-di-eddsa", "TestVectors", "Ed25519Signature2020", "signedEdSig.json")))!.AsObject();
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var verified = await client.VerifyAsync(vector);
        vector["credentialSubject"]!["alumniOf"] = "Another School";
        var tampered = await client.VerifyAsync(vector);

        verified.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, tampered.Status, tampered.Text);
    }

    [TestMethod]
    public async Task IssueRdfc_WithUndefinedTermsContext_IsIssuedAndVerifies()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("terms");
        var unsigned = IssuerDefined(tenant.Did);
        unsigned.Remove("id");

        var issued = await client.IssueAsync(tenant, unsigned, new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });
        var verified = await client.VerifyAsync(issued);

        Assert.AreEqual("eddsa-rdfc-2022", issued["proof"]!["cryptosuite"]!.GetValue<string>());
        verified.AssertStatus(HttpStatusCode.OK);
    }

    [TestMethod]
    public async Task IssueRdfc_WithAnUnknownContext_IsRefusedSayingHowToAddIt_AndAnOperatorContextWorks()
    {
        // Arrange: an operator directory that pins one context of its own.
        string directory = Directory.CreateTempSubdirectory("operator-contexts").FullName;
        try
        {
            byte[] bytes = """{"@context": {"LabResultCredential": "https://lab.example/ns#LabResultCredential", "bloodType": "https://lab.example/ns#bloodType"}}"""u8.ToArray();
            File.WriteAllBytes(Path.Combine(directory, "lab.jsonld"), bytes);
            File.WriteAllText(Path.Combine(directory, "manifest.json"), new JsonObject
            {
                ["https://lab.example/contexts/v1"] = new JsonObject { ["file"] = "lab.jsonld", ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) },
            }.ToJsonString());
            await using var plain = new IdentityServerFactory();
            await using var configured = new IdentityServerFactory(settings => settings["IDENTITY_CONTEXTS_DIR"] = directory);
            JsonObject Lab(string issuer)
            {
                var credential = IssuerDefined(issuer);
                credential.Remove("id");
                credential["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://lab.example/contexts/v1");
                return credential;
            }

            // Act
            var plainClient = plain.CreateClient();
            var plainTenant = await plainClient.CreateTenantAsync("lab");
            var refused = await plainClient.PostJsonAsync($"/tenants/lab/credentials/issue", new JsonObject
            {
                ["credential"] = Lab(plainTenant.Did), ["options"] = new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" },
            }, plainTenant.ApiKey);
            var client = configured.CreateClient();
            var tenant = await client.CreateTenantAsync("lab");
            var issued = await client.IssueAsync(tenant, Lab(tenant.Did), new JsonObject { ["cryptosuite"] = "eddsa-rdfc-2022" });

            // Assert
            Assert.IsTrue(refused.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, refused.Text);
            StringAssert.Contains(refused.Body!["detail"]!.GetValue<string>(), "IDENTITY_CONTEXTS_DIR");
            (await client.VerifyAsync(issued)).AssertStatus(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
