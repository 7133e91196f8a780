// References: W3C Verifiable Credentials Data Model v2.0 (2025), §4.13 Verifiable Presentations,
//   https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations ; W3C Data Integrity EdDSA Cryptosuites v1.0
//   (15 May 2025), §3.3 eddsa-jcs-2022, https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022
// Peer: @digitalbazaar/vc 7.3.0 (issue, signPresentation, verify) + @digitalbazaar/eddsa-jcs-2022-cryptosuite 1.0.0 +
//   @digitalbazaar/data-integrity 2.5.0 + jsonld-signatures 11.6.0 through tests/interop/vp-eddsa-jcs.mjs.
using Identity.Testing;
using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.Interop;

/// <summary>
/// Presentations (authentication proof with challenge and domain, one embedded eddsa-jcs-2022 credential, did:key issuer
/// and holder) against @digitalbazaar/vc: each side verifies the other's presentations and rejects tampering.
/// </summary>
[TestClass]
public sealed class EddsaJcs2022PresentationInteropTests
{
    private const string Script = "vp-eddsa-jcs.mjs";
    private const string IssuerSeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string HolderSeedHex = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private const string IssuedAt = "2025-05-15T10:20:30Z";
    private const string PresentedAt = "2025-05-31T23:00:00Z";
    private const string Challenge = "1f6e3a0c-9b1d-4c55-8e2a-7d0c4b9a6e21";
    private const string Domain = "https://verifier.example";
    private static readonly DateTimeOffset s_now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly VerificationOptions s_expected = new() { Challenge = Challenge, Domain = Domain };

    public TestContext TestContext { get; set; } = null!;

    private static PrivateKey Key(string seedHex) => SignatureAlgorithms.Ed25519.ImportPrivateKey(Convert.FromHexString(seedHex)).Value;

    private static string DidOf(string seedHex)
    {
        using PrivateKey key = Key(seedHex);
        return DidKeyMethod.CreateDid(key.PublicKey).Value;
    }

    private static DataIntegrityProofService Proofs() =>
        new(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, new FakeTimeProvider(s_now));

    private static CredentialVerifier Verifier() => new(Proofs(), new FakeTimeProvider(s_now));

    private static DateTimeOffset At(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);

    private static JsonObject Credential() => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
        ["id"] = "urn:uuid:0b6ab2a4-0c0e-4a25-9a0f-3f1c2e7d9a11",
        ["type"] = new JsonArray("VerifiableCredential"),
        ["issuer"] = DidOf(IssuerSeedHex),
        ["validFrom"] = "2025-01-01T00:00:00Z",
        ["credentialSubject"] = new JsonObject { ["id"] = DidOf(HolderSeedHex), ["name"] = "Zoë Ünïcode", ["score"] = 1.5e3 },
    };

    private static JsonObject WePresent()
    {
        DataIntegrityProofService proofs = Proofs();
        using PrivateKey issuer = Key(IssuerSeedHex);
        using PrivateKey holder = Key(HolderSeedHex);
        JsonObject credential = proofs.AddProof(Credential(), "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = DidKeyMethodId(issuer.PublicKey),
            ProofPurpose = "assertionMethod",
            Created = At(IssuedAt),
        }, issuer).Value;
        JsonObject presentation = PresentationBuilder.Create(DidOf(HolderSeedHex), [credential]);
        return PresentationBuilder.Sign(
            proofs, presentation, holder, DidKeyMethodId(holder.PublicKey), Challenge, Domain, At(PresentedAt)).Value;
    }

    private async Task<JsonObject> NodePresentsAsync()
    {
        JsonObject credential = await RunNodeObjectAsync("issue", new JsonObject
        {
            ["credential"] = Credential(), ["seedHex"] = IssuerSeedHex, ["created"] = IssuedAt,
        });
        return await RunNodeObjectAsync("sign-vp", new JsonObject
        {
            ["presentation"] = PresentationBuilder.Create(DidOf(HolderSeedHex), [credential]),
            ["seedHex"] = HolderSeedHex,
            ["created"] = PresentedAt,
            ["challenge"] = Challenge,
            ["domain"] = Domain,
        });
    }

    private async Task<NodeVerdict> NodeVerifyAsync(JsonObject presentation, string challenge = Challenge)
    {
        JsonNode result = JsonNode.Parse(await NodeInteropPeer.RunAsync(Script, "verify-vp", new JsonObject
        {
            ["presentation"] = presentation.DeepClone(), ["challenge"] = challenge, ["domain"] = Domain,
        }, TestContext.CancellationToken))!;
        return new NodeVerdict(
            result["verified"]!.GetValue<bool>(),
            result["presentationVerified"]!.GetValue<bool>(),
            [.. result["credentialsVerified"]!.AsArray().Select(v => v!.GetValue<bool>())],
            result["error"]?.GetValue<string>());
    }

    private async Task<JsonObject> RunNodeObjectAsync(string command, JsonObject input) =>
        JsonNode.Parse(await NodeInteropPeer.RunAsync(Script, command, input, TestContext.CancellationToken))!.AsObject();

    // A check may be reported more than once for a target (one verificationMethod entry per proof, one for the issuer).
    private static CheckStatus StatusOf(VerificationResult result, string check, string target)
    {
        var statuses = result.Checks.Where(c => c.Check == check && c.Target == target).Select(c => c.Status).ToList();
        Assert.IsNotEmpty(statuses, $"no {check} check on {target}");
        return statuses.Contains(CheckStatus.Failed) ? CheckStatus.Failed : statuses.Contains(CheckStatus.Passed) ? CheckStatus.Passed : statuses[0];
    }

    [TestMethod]
    public async Task NodeIssuesAndPresents_WeVerify_AndProofValuesAgree()
    {
        JsonObject theirs = await NodePresentsAsync();

        VerificationResult result = await Verifier().VerifyPresentationAsync(theirs, s_expected, TestContext.CancellationToken);

        Assert.IsTrue(result.Verified, result.ToJson().ToJsonString());
        Assert.IsFalse(result.Checks.Any(c => c.Status == CheckStatus.Failed));
        Assert.IsEmpty(result.Warnings);
        foreach (string check in new[] { CheckNames.DataModel, CheckNames.Proof, CheckNames.Challenge, CheckNames.Domain, CheckNames.HolderBinding })
        {
            Assert.AreEqual(CheckStatus.Passed, StatusOf(result, check, "presentation"), check);
        }

        foreach (string check in new[] { CheckNames.DataModel, CheckNames.IssuerResolution, CheckNames.VerificationMethod, CheckNames.Proof, CheckNames.ValidityPeriod })
        {
            Assert.AreEqual(CheckStatus.Passed, StatusOf(result, check, "verifiableCredential[0]"), check);
        }

        // Ed25519 is deterministic: the same documents, options and keys give the same signatures on both sides.
        JsonObject ours = WePresent();
        Assert.AreEqual(ours["verifiableCredential"]![0]!["proof"]!["proofValue"]!.GetValue<string>(), theirs["verifiableCredential"]![0]!["proof"]!["proofValue"]!.GetValue<string>());
        Assert.AreEqual(ours["proof"]!["proofValue"]!.GetValue<string>(), theirs["proof"]!["proofValue"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task WePresent_NodeVerifies()
    {
        NodeVerdict verdict = await NodeVerifyAsync(WePresent());

        Assert.IsTrue(verdict.Verified, verdict.Error);
        Assert.IsTrue(verdict.PresentationVerified, verdict.Error);
        CollectionAssert.AreEqual(new[] { true }, verdict.CredentialsVerified, verdict.Error);
    }

    [TestMethod]
    public async Task WrongChallenge_BothSidesReject()
    {
        foreach ((string signer, JsonObject presentation) in new[] { ("ours", WePresent()), ("node", await NodePresentsAsync()) })
        {
            NodeVerdict node = await NodeVerifyAsync(presentation, challenge: "another-challenge");
            VerificationResult ours = await Verifier().VerifyPresentationAsync(
                presentation, s_expected with { Challenge = "another-challenge" }, TestContext.CancellationToken);

            Assert.IsFalse(node.Verified, $"node accepted a {signer}-signed presentation for another challenge.");
            Assert.IsFalse(ours.Verified, $"we accepted a {signer}-signed presentation for another challenge.");
            Assert.AreEqual(CheckStatus.Failed, StatusOf(ours, CheckNames.Challenge, "presentation"));
        }
    }

    [TestMethod]
    // Re-pointing the holder (here to the issuer) is caught before the signature: the proof's key is not the holder's.
    // The signature covers holder: changing it breaks the proof (a valid proof by a key the stated holder does not
    // control fails verificationMethod instead, see CredentialVerifierTests.Signers).
    [DataRow("holder", "did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw", CheckNames.Proof, false)]
    [DataRow("proof.created", "2025-05-31T23:00:01Z", CheckNames.Proof, false)]
    [DataRow("proof.challenge", "forged-challenge", CheckNames.Proof, false)]
    [DataRow("verifiableCredential.0.credentialSubject.name", "Mallory", CheckNames.Proof, true)]
    [DataRow("verifiableCredential.0.validFrom", "2024-01-01T00:00:00Z", CheckNames.Proof, true)]
    public async Task Tampered_BothSidesReject(string path, string value, string failedCheck, bool inCredential)
    {
        foreach ((string signer, JsonObject presentation) in new[] { ("ours", WePresent()), ("node", await NodePresentsAsync()) })
        {
            string[] parts = path.Split('.');
            JsonNode target = parts[..^1].Aggregate((JsonNode)presentation, Step);
            if (int.TryParse(parts[^1], CultureInfo.InvariantCulture, out int index))
            {
                target[index] = value;
            }
            else
            {
                target[parts[^1]] = value;
            }

            NodeVerdict node = await NodeVerifyAsync(presentation);
            VerificationResult ours = await Verifier().VerifyPresentationAsync(presentation, s_expected, TestContext.CancellationToken);

            Assert.IsFalse(node.Verified, $"node accepted a {signer}-signed presentation with {path} changed.");
            Assert.IsFalse(node.PresentationVerified, $"node accepted the proof of a {signer}-signed presentation with {path} changed.");
            Assert.IsFalse(ours.Verified, $"we accepted a {signer}-signed presentation with {path} changed.");
            // The holder's signature covers the embedded credential too, so a change there also breaks the presentation proof.
            Assert.AreEqual(CheckStatus.Failed, StatusOf(ours, failedCheck, "presentation"), $"{signer}: {path}");
            if (inCredential)
            {
                CollectionAssert.AreEqual(new[] { false }, node.CredentialsVerified, $"{signer}: {path}");
                Assert.AreEqual(CheckStatus.Failed, StatusOf(ours, CheckNames.Proof, "verifiableCredential[0]"), $"{signer}: {path}");
            }
        }

        static JsonNode Step(JsonNode node, string part) =>
            int.TryParse(part, CultureInfo.InvariantCulture, out int index) ? node[index]! : node[part]!;
    }

    private sealed record NodeVerdict(bool Verified, bool PresentationVerified, bool[] CredentialsVerified, string? Error);
}
