// OpenID4VP 1.0 verifier (docs/oid4vc.md): requests, request objects, direct_post responses and their outcome.
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using PublicKey = Identity.Cryptography.PublicKey;

namespace Identity.Server.IntegrationTests;

[TestClass]
public sealed partial class Oid4VpTests
{
    [TestMethod]
    [DataRow("direct_post")]
    [DataRow("direct_post.jwt")]
    public async Task CreateRequest_RequestObjectIsSignedByTheKeyInTheTenantDidDocument(string mode)
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");

        // Act
        var request = await Oid4Vp.CreateAsync(client, tenant, mode);
        var didDocument = (await client.GetJsonAsync("/tenants/clinic/did.json")).AssertStatus(HttpStatusCode.OK).Body!;

        // Assert: the link, the JAR header, and a signature by the #oid4vp key of the tenant's did:web document.
        string clientId = "decentralized_identifier:" + tenant.Did;
        Assert.AreEqual(
            $"openid4vp://?client_id={Uri.EscapeDataString(clientId)}&request_uri={Uri.EscapeDataString(request.Created["request_uri"]!.GetValue<string>())}",
            request.Created["authorization_request"]!.GetValue<string>());
        Assert.AreEqual("oauth-authz-req+jwt", request.Header["typ"]!.GetValue<string>());
        Assert.AreEqual("ES256", request.Header["alg"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did + "#oid4vp", request.Header["kid"]!.GetValue<string>());
        var method = didDocument["verificationMethod"]!.AsArray().Single(m => m!["id"]!.GetValue<string>() == tenant.Did + "#oid4vp")!;
        var key = Multikey.DecodePublicKey(method["publicKeyMultibase"]!.GetValue<string>()).Value;
        Assert.AreEqual(KeyType.P256, key.KeyType);
        Assert.IsTrue(JwsAlgorithms.Verify(CompactJws.Parse(request.RequestObject).Value, key).IsSuccess);
        Assert.Contains(tenant.Did + "#oid4vp", didDocument["authentication"]!.AsArray().Select(a => a!.GetValue<string>()).ToList());
        Assert.DoesNotContain(tenant.Did + "#oid4vp", didDocument["assertionMethod"]!.AsArray().Select(a => a!.GetValue<string>()).ToList());

        // Assert: the payload.
        var payload = request.Payload;
        Assert.AreEqual(clientId, request.ClientId);
        Assert.AreEqual("vp_token", payload["response_type"]!.GetValue<string>());
        Assert.AreEqual(mode, payload["response_mode"]!.GetValue<string>());
        Assert.AreEqual($"http://localhost/tenants/clinic/oid4vp/requests/{request.Id}/response", payload["response_uri"]!.GetValue<string>());
        Assert.IsGreaterThanOrEqualTo(22, request.Nonce.Length);
        Assert.IsTrue(JsonNode.DeepEquals(Oid4Vp.SdJwtQuery(), payload["dcql_query"]));
        var metadata = payload["client_metadata"]!.AsObject();
        Assert.IsNotNull(metadata["vp_formats_supported"]!["dc+sd-jwt"]);
        if (mode == "direct_post.jwt")
        {
            var jwk = metadata["jwks"]!["keys"]![0]!;
            Assert.AreEqual("EC", jwk["kty"]!.GetValue<string>());
            Assert.AreEqual("P-256", jwk["crv"]!.GetValue<string>());
            Assert.AreEqual("ECDH-ES", jwk["alg"]!.GetValue<string>());
            Assert.IsNull(jwk["d"]);
            CollectionAssert.AreEqual(new[] { "A128GCM", "A256GCM" }, metadata["encrypted_response_enc_values_supported"]!.AsArray().Select(e => e!.GetValue<string>()).ToArray());
        }
        else
        {
            Assert.IsNull(metadata["jwks"]);
        }
    }

    [TestMethod]
    public async Task CreateRequest_X509Hash_ClientIdIsTheHashOfTheCertificateForTheRequestKey()
    {
        // Arrange
        await using var factory = new IdentityServerFactory();
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");

        // Act
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post.jwt", prefix: "x509_hash");
        var didRequest = await Oid4Vp.CreateAsync(client, tenant, "direct_post");

        // Assert: x5c's leaf hashes to the client_id, carries the same P-256 key as #oid4vp, and verifies the JWT.
        var leaf = Convert.FromBase64String(request.Header["x5c"]![0]!.GetValue<string>());
        using var certificate = X509CertificateLoader.LoadCertificate(leaf);
        Assert.AreEqual("x509_hash:" + System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(leaf)), request.ClientId);
        Assert.IsNull(request.Header["kid"]);
        using var ecdsa = certificate.GetECDsaPublicKey()!;
        var point = ecdsa.ExportParameters(false).Q;
        var key = PublicKey.Create(KeyType.P256, [0x04, .. point.X!, .. point.Y!]).Value;
        Assert.IsTrue(JwsAlgorithms.Verify(CompactJws.Parse(request.RequestObject).Value, key).IsSuccess);
        Assert.IsTrue(JwsAlgorithms.Verify(CompactJws.Parse(didRequest.RequestObject).Value, key).IsSuccess, "one request key for both prefixes");
    }

    [TestMethod]
    public async Task CreateRequest_X509HashWithConfiguredCa_LeafIsIssuedByTheCa()
    {
        // Arrange: a CA certificate and key as PEM files, named by IDENTITY_OID4VP_CA_CERT and IDENTITY_OID4VP_CA_KEY.
        using var caKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test verifier CA", caKey, System.Security.Cryptography.HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        string directory = Directory.CreateTempSubdirectory("oid4vp-ca").FullName;
        string certPath = Path.Combine(directory, "ca.pem"), keyPath = Path.Combine(directory, "ca.key");
        await File.WriteAllTextAsync(certPath, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, caKey.ExportPkcs8PrivateKeyPem());
        await using var factory = new IdentityServerFactory(settings =>
        {
            settings["IDENTITY_OID4VP_CA_CERT"] = certPath;
            settings["IDENTITY_OID4VP_CA_KEY"] = keyPath;
        });
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");

        // Act
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post", prefix: "x509_hash");

        // Assert: x5c is [leaf, CA]; the CA signed the leaf; the client id hashes the leaf.
        var chain = request.Header["x5c"]!.AsArray().Select(c => Convert.FromBase64String(c!.GetValue<string>())).ToArray();
        Assert.HasCount(2, chain);
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
        CollectionAssert.AreEqual(ca.RawData, chain[1]);
        Assert.AreEqual(ca.Subject, leaf.Issuer);
        using var verifier = new X509Chain { ChainPolicy = { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck } };
        verifier.ChainPolicy.CustomTrustStore.Add(ca);
        Assert.IsTrue(verifier.Build(leaf), string.Join("; ", verifier.ChainStatus.Select(s => s.StatusInformation)));
        Assert.AreEqual("x509_hash:" + System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(chain[0])), request.ClientId);
        Directory.Delete(directory, recursive: true);
    }

    [TestMethod]
    [DataRow(Store.Sqlite)]
    [DataRow(Store.Postgres)]
    public async Task DirectPost_SdJwtWithKeyBinding_VerifiedWithDisclosedClaims_AndAReplayIsRefused(Store store)
    {
        // Arrange
        await using var factory = await IdentityServerFactory.CreateAsync(store);
        var client = factory.CreateClient();
        var tenant = await client.CreateTenantAsync("clinic");
        using var patient = new Scenario.Patient();
        string sdJwt = await Oid4Vp.IssueSdJwtAsync(client, tenant, patient.Did);
        var request = await Oid4Vp.CreateAsync(client, tenant, "direct_post");
        var pending = await Oid4Vp.StatusAsync(client, tenant, request);
        var vpToken = Oid4Vp.VpToken("pid", Oid4Vp.Present(sdJwt, patient, request.Nonce, request.ClientId));

        // Act
        var answered = await Oid4Vp.RespondAsync(client, request, vpToken);
        var replay = await Oid4Vp.RespondAsync(client, request, vpToken);
        var status = await Oid4Vp.StatusAsync(client, tenant, request);
        using var refetch = await client.GetAsync(new Uri(request.Created["request_uri"]!.GetValue<string>()).AbsolutePath);

        // Assert
        Assert.AreEqual("pending", pending["status"]!.GetValue<string>());
        answered.AssertStatus(HttpStatusCode.OK);
        Assert.AreEqual("{}", answered.Text);
        replay.AssertProblem(HttpStatusCode.BadRequest, "presentationRequestFinished");
        Assert.AreEqual("invalid_request", replay.Body!["error"]!.GetValue<string>());
        Assert.AreEqual("verified", status["status"]!.GetValue<string>(), status.ToJsonString());
        CollectionAssert.AreEqual(Array.Empty<string>(), Oid4Vp.FailedCodes(status));
        foreach (var passed in new[] { "proof", "keyBinding", "challenge", "domain", "credentialStatus", "dcql" })
        {
            Assert.IsTrue(status["checks"]!.AsArray().Any(c => c!["check"]!.GetValue<string>() == passed && c["status"]!.GetValue<string>() == "passed"), passed);
        }

        var credential = status["credentials"]!.AsArray().Single()!;
        Assert.AreEqual("pid", credential["query"]!.GetValue<string>());
        Assert.AreEqual("dc+sd-jwt", credential["format"]!.GetValue<string>());
        Assert.AreEqual(Oid4Vp.Vct, credential["type"]!.GetValue<string>());
        Assert.AreEqual(tenant.Did, credential["issuer"]!.GetValue<string>());
        Assert.AreEqual("AB-negative", credential["claims"]!["bloodType"]!.GetValue<string>());
        Assert.IsNull(credential["claims"]!["givenName"], "an undisclosed claim is not reported");
        Assert.AreEqual(HttpStatusCode.BadRequest, refetch.StatusCode);
    }
}
