using System.Net;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Credentials.SdJwt;

namespace Identity.Server.IntegrationTests;

/// <summary>options.format on issue (vc+jwt, dc+sd-jwt) and the JOSE forms at both verify endpoints.</summary>
[TestClass]
public sealed class JoseTests
{
    private static JsonObject Format(string format) => new() { ["format"] = format };

    private static List<string> Checks(ApiResponse response, string? target = null) =>
        [.. response.Body!["checks"]!.AsArray().Where(c => target is null || c!["target"]!.GetValue<string>() == target).Select(c => $"{c!["check"]}:{c["status"]}")];

    [TestMethod]
    public async Task IssueVcJwt_ReturnsEnvelope_ThatVerifiesAsEnvelopeAndToken_AndRevocationShows()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("jose-hospital", "P-256");

        // Act
        var envelope = await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("vc+jwt"));
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out var mediaType, out var token));
        var asEnvelope = await client.VerifyAsync(envelope);
        var asToken = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = token });
        var payload = CompactJws.Parse(token).Value.PayloadObject()!;
        (await client.SetStatusAsync(tenant, payload, "revocation", true)).AssertStatus(HttpStatusCode.OK);
        var revoked = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = token });

        // Assert
        Assert.AreEqual("application/vc+jwt", mediaType);
        Assert.AreEqual("ES256", CompactJws.Parse(token).Value.Algorithm);
        Assert.AreEqual(tenant.Did, payload["issuer"]!.GetValue<string>());
        asEnvelope.AssertStatus(HttpStatusCode.OK);
        asToken.AssertStatus(HttpStatusCode.OK);
        CollectionAssert.IsSubsetOf(new[] { "issuerResolution:passed", "proof:passed", "dataModel:passed", "validityPeriod:passed", "credentialStatus:passed" }, Checks(asToken));
        revoked.AssertProblem(HttpStatusCode.UnprocessableEntity, "credentialRevoked");
    }

    [TestMethod]
    public async Task VerifyCredential_TamperedOrJweOrNone_Is422WithStableCode_Never500()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("jose-tamper");
        var envelope = await client.IssueAsync(tenant, Scenario.Credential("did:example:patient"), Format("vc+jwt"));
        EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out _, out var token);
        var parts = token.Split('.');
        string forged = parts[0] + "." + parts[1] + "." + (parts[2][..10] == "AAAAAAAAAA" ? "BBBBBBBBBB" : "AAAAAAAAAA") + parts[2][10..];

        foreach (var (bad, code) in new[] { (forged, "invalidSignature"), ("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", "jweNotSupported"), ("eyJhbGciOiJub25lIn0.e30.c2ln", "algorithmNotAllowed") })
        {
            var response = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = bad });
            response.AssertProblem(HttpStatusCode.UnprocessableEntity, code);
        }

        var wrongMedia = await client.PostJsonAsync("/credentials/verify", new JsonObject
        {
            ["verifiableCredential"] = new JsonObject { ["type"] = "EnvelopedVerifiableCredential", ["id"] = "data:text/plain," + token },
        });
        wrongMedia.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }

    [TestMethod]
    [DataRow("not a credential")]
    [DataRow("This is. not. a. credential. at all")]
    [DataRow("https://issuer.example/credentials/1.2.3")]
    public async Task VerifyCredential_PlainString_IsInvalidRequest_NotATokenError(string text)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();

        var credential = await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = text });
        var presentation = await client.PostJsonAsync("/presentations/verify", new JsonObject { ["verifiablePresentation"] = text });

        credential.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
        presentation.AssertProblem(HttpStatusCode.BadRequest, "invalidRequest");
    }

    [TestMethod]
    public async Task IssueSdJwt_PatientDisclosesBloodTypeWithKeyBinding_VerifiesOnce()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("sd-hospital");
        using var patient = new Scenario.Patient();
        var credential = Scenario.Credential(patient.Did);
        credential["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1");
        credential["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential");
        credential["credentialSubject"]!["givenName"] = "Ada";
        credential["credentialSubject"]!["familyName"] = "Lovelace";
        var envelope = await client.IssueAsync(tenant, credential, Format("dc+sd-jwt"));
        Assert.IsTrue(EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out var mediaType, out var sdJwt));
        var challenge = (await client.PostJsonAsync("/challenges", new JsonObject { ["domain"] = "clinic.example" })).Body!;
        string nonce = challenge["challenge"]!.GetValue<string>();

        // Act
        string presented = SdJwtWallet.Present(sdJwt, ["bloodType"], patient.Key, nonce, "clinic.example", DateTimeOffset.UtcNow).Value;
        var request = new JsonObject { ["verifiablePresentation"] = presented, ["options"] = new JsonObject { ["challenge"] = nonce, ["domain"] = "clinic.example" } };
        var first = await client.PostJsonAsync("/presentations/verify", request.DeepClone());
        var replay = await client.PostJsonAsync("/presentations/verify", request.DeepClone());

        // Assert
        Assert.AreEqual("application/dc+sd-jwt", mediaType);
        CollectionAssert.AreEquivalent(new[] { "givenName", "familyName", "bloodType" }, SdJwtWallet.DisclosablePaths(sdJwt).Value.ToArray());
        first.AssertStatus(HttpStatusCode.OK);
        CollectionAssert.IsSubsetOf(new[] { "proof:passed", "disclosures:passed", "keyBinding:passed", "challenge:passed", "domain:passed" }, Checks(first));
        replay.AssertProblem(HttpStatusCode.UnprocessableEntity, "challengeReused");
        var sent = presented.Split('~')[1..^1].Select(d => System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(d))).ToList();
        Assert.AreEqual(1, sent.Count);
        StringAssert.Contains(sent[0], "bloodType");
        Assert.IsFalse(presented.Split('~')[0].Contains("Lovelace", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task VerifySdJwtPresentation_ExtraDisclosureOrWrongAudience_Fails()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("sd-tamper");
        using var patient = new Scenario.Patient();
        var envelope = await client.IssueAsync(tenant, Scenario.Credential(patient.Did), Format("dc+sd-jwt"));
        EnvelopedCredentials.TryUnwrap(envelope, EnvelopedCredentials.EnvelopedCredentialType, out _, out var sdJwt);
        string extra = System.Buffers.Text.Base64Url.EncodeToString("[\"c2FsdA\",\"bloodType\",\"O+\"]"u8);
        string withExtra = SdJwtWallet.Present(sdJwt, [], null, null, null, DateTimeOffset.UtcNow).Value + extra + "~";
        string wrongAudience = SdJwtWallet.Present(sdJwt, ["bloodType"], patient.Key, "n1", "evil.example", DateTimeOffset.UtcNow).Value;

        (await client.PostJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = withExtra }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "disclosureNotReferenced");
        (await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = wrongAudience,
            ["options"] = new JsonObject { ["challenge"] = "n1", ["domain"] = "clinic.example" },
        })).AssertProblem(HttpStatusCode.UnprocessableEntity, "domainMismatch");
    }

    [TestMethod]
    public async Task VerifyPresentation_VpJwtEnvelopeWithVcJwt_PassesEveryCheck()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("vp-hospital");
        using var patient = new Scenario.Patient();
        var vc = await client.IssueAsync(tenant, Scenario.Credential(patient.Did), Format("vc+jwt"));
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = patient.Did,
            ["verifiableCredential"] = new JsonArray(vc.DeepClone()),
        };
        string vp = VcJwt.SignPresentation(presentation, patient.Key, patient.VerificationMethod, "n-7", "clinic.example");

        var response = await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = EnvelopedCredentials.Presentation(vp),
            ["options"] = new JsonObject { ["challenge"] = "n-7", ["domain"] = "clinic.example" },
        });

        response.AssertStatus(HttpStatusCode.OK);
        CollectionAssert.IsSubsetOf(new[] { "verificationMethod:passed", "proof:passed", "challenge:passed", "domain:passed", "holderBinding:passed" }, Checks(response, "presentation"));
        CollectionAssert.IsSubsetOf(new[] { "proof:passed", "credentialStatus:passed" }, Checks(response, "verifiableCredential[0]"));
    }

    [TestMethod]
    [DataRow("jwt_vc")]
    [DataRow("")]
    [DataRow("VC+JWT")]
    public async Task Issue_UnknownFormat_IsInvalidOptions(string format)
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("formats");
        var response = await client.PostJsonAsync("/tenants/formats/credentials/issue",
            new JsonObject { ["credential"] = Scenario.Credential("did:example:p"), ["options"] = Format(format) }, tenant.ApiKey);
        response.AssertProblem(HttpStatusCode.BadRequest, "invalidOptions");
    }

    [TestMethod]
    public async Task ResolveDidPkh_ThroughTheResolutionEndpoint_GivesTheRecoveryMethod()
    {
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        const string did = "did:pkh:eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

        var response = (await client.GetJsonAsync("/1.0/identifiers/" + did)).AssertStatus(HttpStatusCode.OK);

        var method = response.Body!["didDocument"]!["verificationMethod"]![0]!;
        Assert.AreEqual("EcdsaSecp256k1RecoveryMethod2020", method["type"]!.GetValue<string>());
        Assert.AreEqual("eip155:1:0x2c7536E3605D9C16a7a3D7b1898e529396a65c23", method["blockchainAccountId"]!.GetValue<string>());
    }
}
