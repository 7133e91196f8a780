// References: W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.2 eddsa-rdfc-2022,
//   https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022 ; W3C VC Data Model v2.0 §4.13 Verifiable Presentations
// Peer: @digitalbazaar/vc 7.3.0 + @digitalbazaar/eddsa-rdfc-2022-cryptosuite 1.3.0 + @digitalbazaar/data-integrity 2.5.0
//   through tests/interop/vc-eddsa-rdfc.mjs (install: npm ci --prefix tests/interop).
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Interop;

/// <summary>
/// eddsa-rdfc-2022 credentials and presentations against @digitalbazaar/vc: each side verifies the other's, the
/// deterministic signatures agree byte for byte (so both canonicalize to the same N-Quads), and tampering is rejected.
/// </summary>
[TestClass]
public sealed class EddsaRdfc2022InteropTests
{
    private const string Script = "vc-eddsa-rdfc.mjs";
    private const string IssuerSeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string HolderSeedHex = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private const string IssuedAt = "2025-05-15T10:20:30Z";
    private const string PresentedAt = "2025-05-31T23:00:00Z";
    private const string Challenge = "1f6e3a0c-9b1d-4c55-8e2a-7d0c4b9a6e21";
    private const string Domain = "https://verifier.example";
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    public TestContext TestContext { get; set; } = null!;

    private static PrivateKey Key(string seedHex) => SignatureAlgorithms.Ed25519.ImportPrivateKey(Convert.FromHexString(seedHex)).Value;

    private static string DidOf(string seedHex)
    {
        using PrivateKey key = Key(seedHex);
        return DidKeyMethod.CreateDid(key.PublicKey).Value;
    }

    private static DateTimeOffset At(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static DataIntegrityProofService Proofs() => new(new DidResolver([new DidKeyMethod()]), Suites, new FakeTimeProvider(s_now));

    /// <summary>An inline context (terms, a typed double, a list, a language map) beside the VC 2.0 context.</summary>
    public static JsonObject Credential() => JsonNode.Parse("""
        {"@context":["https://www.w3.org/ns/credentials/v2",
           {"h":"https://identity.example/ns/health#","bloodType":"h:bloodType","score":"h:score",
            "ratio":{"@id":"h:ratio","@type":"http://www.w3.org/2001/XMLSchema#double"},
            "visits":{"@id":"h:visits","@container":"@list"},"note":{"@id":"h:note","@container":"@language"}}],
         "id":"urn:uuid:0b6ab2a4-0c0e-4a25-9a0f-3f1c2e7d9a11","type":["VerifiableCredential"],
         "issuer":"ISSUER","validFrom":"2025-01-01T00:00:00Z",
         "credentialSubject":{"id":"HOLDER","name":"Zoë Ünïcode \"quoted\"\nline","bloodType":"AB-",
           "score":1.5e3,"ratio":0.1,"visits":["2024-01-02","2024-03-04"],"note":{"en":"stable","de":"stabil"}}}
        """.Replace("ISSUER", DidOf(IssuerSeedHex), StringComparison.Ordinal).Replace("HOLDER", DidOf(HolderSeedHex), StringComparison.Ordinal))!.AsObject();

    private static JsonObject WeIssue()
    {
        using PrivateKey issuer = Key(IssuerSeedHex);
        var options = new ProofOptions { VerificationMethod = DidKeyMethodId(issuer.PublicKey), ProofPurpose = "assertionMethod", Created = At(IssuedAt) };
        Result<JsonObject> secured = Proofs().AddProof(Credential(), EddsaRdfc2022.CryptosuiteName, options, issuer);
        Assert.IsTrue(secured.IsSuccess, secured.ToString());
        return secured.Value;
    }

    private static JsonObject WePresent(JsonObject credential)
    {
        using PrivateKey holder = Key(HolderSeedHex);
        JsonObject presentation = PresentationBuilder.Create(DidOf(HolderSeedHex), [credential]);
        Result<JsonObject> signed = PresentationBuilder.Sign(
            Proofs(), presentation, holder, DidKeyMethodId(holder.PublicKey), Challenge, Domain, At(PresentedAt), EddsaRdfc2022.CryptosuiteName);
        Assert.IsTrue(signed.IsSuccess, signed.ToString());
        return signed.Value;
    }

    private async Task<JsonObject> NodeIssueAsync() =>
        await RunNodeObjectAsync("issue", new JsonObject { ["credential"] = Credential(), ["seedHex"] = IssuerSeedHex, ["created"] = IssuedAt });

    private async Task<JsonObject> NodePresentAsync(JsonObject credential) =>
        await RunNodeObjectAsync("sign-vp", new JsonObject
        {
            ["presentation"] = PresentationBuilder.Create(DidOf(HolderSeedHex), [credential.DeepClone().AsObject()]),
            ["seedHex"] = HolderSeedHex,
            ["created"] = PresentedAt,
            ["challenge"] = Challenge,
            ["domain"] = Domain,
        });

    private async Task<(bool Verified, string? Error)> NodeVerifyAsync(string command, string member, JsonObject document)
    {
        var input = new JsonObject { [member] = document.DeepClone(), ["challenge"] = Challenge, ["domain"] = Domain };
        JsonNode result = JsonNode.Parse(await NodeInteropPeer.RunAsync(Script, command, input, TestContext.CancellationToken))!;
        return (result["verified"]!.GetValue<bool>(), result["error"]?.GetValue<string>());
    }

    private async Task<JsonObject> RunNodeObjectAsync(string command, JsonObject input) =>
        JsonNode.Parse(await NodeInteropPeer.RunAsync(Script, command, input, TestContext.CancellationToken))!.AsObject();

    [TestMethod]
    public async Task WeIssue_NodeVerifies()
    {
        (bool verified, string? error) = await NodeVerifyAsync("verify", "credential", WeIssue());

        Assert.IsTrue(verified, error);
    }

    [TestMethod]
    public async Task NodeIssues_WeVerify_AndProofValuesAgree()
    {
        JsonObject theirs = await NodeIssueAsync();

        IReadOnlyList<ProofVerification> results = await Proofs().VerifyAsync(theirs, s_assertion);

        Assert.IsTrue(results.Single().Verified, results.Single().Error?.ToString());
        // Ed25519 is deterministic: equal signatures mean both sides produced the same canonical N-Quads.
        Assert.AreEqual(WeIssue()["proof"]!["proofValue"]!.GetValue<string>(), theirs["proof"]!["proofValue"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Presentations_EachSideVerifiesTheOthers()
    {
        // Arrange: a presentation from each side, each holding a credential issued by the other side.
        JsonObject ours = WePresent(await NodeIssueAsync());
        JsonObject theirs = await NodePresentAsync(WeIssue());
        var verifier = new CredentialVerifier(Proofs(), new FakeTimeProvider(s_now), jsonLd: DataIntegrity.DataIntegrityTestKit.JsonLd);

        // Act
        (bool nodeVerified, string? nodeError) = await NodeVerifyAsync("verify-vp", "presentation", ours);
        VerificationResult result = await verifier.VerifyPresentationAsync(
            theirs, new VerificationOptions { Challenge = Challenge, Domain = Domain }, TestContext.CancellationToken);

        // Assert
        Assert.IsTrue(nodeVerified, nodeError);
        Assert.IsTrue(result.Verified, result.ToJson().ToJsonString());
        Assert.AreEqual(ours["proof"]!["proofValue"]!.GetValue<string>(), theirs["proof"]!["proofValue"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("credentialSubject.bloodType", "O+")]
    [DataRow("credentialSubject.ratio", "0.2")]
    [DataRow("proof.created", "2025-05-15T10:20:31Z")]
    public async Task TamperedValue_BothSidesReject(string path, string value)
    {
        foreach ((string signer, JsonObject document) in new[] { ("ours", WeIssue()), ("node", await NodeIssueAsync()) })
        {
            string[] parts = path.Split('.');
            JsonNode target = parts[..^1].Aggregate((JsonNode)document, (node, part) => node[part]!);
            target[parts[^1]] = value;

            (bool nodeVerified, _) = await NodeVerifyAsync("verify", "credential", document);
            ProofVerification ours = (await Proofs().VerifyAsync(document, s_assertion)).Single();

            Assert.IsFalse(nodeVerified, $"node accepted a {signer}-signed document with {path} changed.");
            Assert.IsFalse(ours.Verified, $"we accepted a {signer}-signed document with {path} changed.");
        }
    }
}
