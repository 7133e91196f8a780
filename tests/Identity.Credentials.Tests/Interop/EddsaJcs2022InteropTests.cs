// References: W3C Data Integrity EdDSA Cryptosuites v1.0, W3C Recommendation 15 May 2025, §3.3 eddsa-jcs-2022,
//   https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022
// Peer: @digitalbazaar/eddsa-jcs-2022-cryptosuite 1.0.0 + @digitalbazaar/data-integrity 2.5.0 + jsonld-signatures 11.6.0
//   through tests/interop/di-eddsa-jcs.mjs (install: npm ci --prefix tests/interop).
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.Interop;

/// <summary>eddsa-jcs-2022 against an independent implementation: each side verifies the other's proofs and rejects tampering.</summary>
[TestClass]
public sealed class EddsaJcs2022InteropTests
{
    private const string SeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Created = "2025-05-15T10:20:30Z";
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    public TestContext TestContext { get; set; } = null!;

    private static JsonObject Credential() => JsonNode.Parse("""
        {"@context":["https://www.w3.org/ns/credentials/v2"],"id":"urn:uuid:0b6ab2a4-0c0e-4a25-9a0f-3f1c2e7d9a11",
         "type":["VerifiableCredential"],"issuer":"did:example:hospital","validFrom":"2025-01-01T00:00:00Z",
         "credentialSubject":{"id":"did:example:patient","name":"Zoë Ünïcode","score":1.5e3}}
        """)!.AsObject();

    private static JsonObject WeSign()
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(Convert.FromHexString(SeedHex)).Value;
        var options = new ProofOptions
        {
            VerificationMethod = DidKeyMethodId(key.PublicKey),
            ProofPurpose = "assertionMethod",
            Created = DateTimeOffset.Parse(Created, System.Globalization.CultureInfo.InvariantCulture),
        };
        return CreateService(s_now).AddProof(Credential(), EddsaJcs2022.CryptosuiteName, options, key).Value;
    }

    private async Task<JsonObject> NodeSignAsync() =>
        JsonNode.Parse(await RunNodeAsync("sign", new JsonObject { ["document"] = Credential(), ["seedHex"] = SeedHex, ["created"] = Created }))!.AsObject();

    private async Task<(bool Verified, string? Error)> NodeVerifyAsync(JsonObject document)
    {
        JsonNode result = JsonNode.Parse(await RunNodeAsync("verify", document))!;
        return (result["verified"]!.GetValue<bool>(), result["error"]?.GetValue<string>());
    }

    private static async Task<ProofVerification> WeVerifyAsync(JsonObject document) =>
        (await CreateService(s_now).VerifyAsync(document, s_assertion)).Single();

    [TestMethod]
    public async Task WeSign_NodeVerifies()
    {
        (bool verified, string? error) = await NodeVerifyAsync(WeSign());

        Assert.IsTrue(verified, error);
    }

    [TestMethod]
    public async Task NodeSigns_WeVerify_AndProofValuesAgree()
    {
        JsonObject theirs = await NodeSignAsync();

        ProofVerification result = await WeVerifyAsync(theirs);

        Assert.IsTrue(result.Verified, result.Error?.ToString());
        // Ed25519 is deterministic: the same document, options and key give the same signature on both sides.
        Assert.AreEqual(WeSign()["proof"]!["proofValue"]!.GetValue<string>(), theirs["proof"]!["proofValue"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("issuer", "did:example:impostor")]
    [DataRow("credentialSubject.name", "Mallory")]
    [DataRow("proof.created", "2025-05-15T10:20:31Z")]
    public async Task TamperedValue_BothSidesReject(string path, string value)
    {
        foreach ((string signer, JsonObject document) in new[] { ("ours", WeSign()), ("node", await NodeSignAsync()) })
        {
            string[] parts = path.Split('.');
            JsonNode target = parts[..^1].Aggregate((JsonNode)document, (node, part) => node[part]!);
            target[parts[^1]] = value;

            (bool nodeVerified, _) = await NodeVerifyAsync(document);
            ProofVerification ours = await WeVerifyAsync(document);

            Assert.IsFalse(nodeVerified, $"node accepted a {signer}-signed document with {path} changed.");
            Assert.IsFalse(ours.Verified, $"we accepted a {signer}-signed document with {path} changed.");
            Assert.AreEqual(ErrorCodes.InvalidProof, ours.Error!.Code);
        }
    }

    private Task<string> RunNodeAsync(string command, JsonObject input) =>
        NodeInteropPeer.RunAsync("di-eddsa-jcs.mjs", command, input, TestContext.CancellationToken);
}
