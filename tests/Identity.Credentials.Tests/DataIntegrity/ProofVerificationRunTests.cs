// References: W3C Verifiable Credential Data Integrity 1.0 (15 May 2025), §4.5 Verify Proof Sets and Chains,
//   https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>
/// The proofs of one document share the request's work budget and one canonical form of the document: a proof set of
/// n rdfc proofs costs one RDFC-1.0 run over the document plus n small ones over the proof configurations.
/// </summary>
[TestClass]
public sealed class ProofVerificationRunTests
{
    private static PrivateKey VectorKey() => DecodePrivateKey(LoadObject(EddsaDir("keyPair.json"))["privateKeyMultibase"]!.GetValue<string>());

    private static JsonObject SignedWith(int proofs, PrivateKey key)
    {
        DataIntegrityProofService service = CreateService(VectorTime);
        JsonObject document = LoadObject(EddsaDir("unsigned.json"));

        // A document well larger than a proof configuration, so that what is canonicalized once shows.
        document["credentialSubject"]!["alumniOf"] = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode?)$"School {i}")]);
        var options = new ProofOptions
        {
            VerificationMethod = DidKeyMethodId(key.PublicKey),
            ProofPurpose = "assertionMethod",
            Created = VectorTime.AddDays(-1),
        };
        for (int i = 0; i < proofs; i++)
        {
            document = service.AddProof(document, EddsaRdfc2022.CryptosuiteName, options with { Id = $"urn:proof:{i}" }, key).Value;
        }

        return document;
    }

    private static async Task<(IReadOnlyList<ProofVerification> Results, long Used)> VerifyAsync(JsonObject document)
    {
        var budget = new WorkBudget(long.MaxValue);
        IReadOnlyList<ProofVerification> results = await CreateService(VectorTime).VerifyAsync(
            document, new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod, Budget = budget });
        return (results, budget.Used);
    }

    [TestMethod]
    public async Task VerifyAsync_ProofSetOverOneDocument_CanonicalizesTheDocumentOnce()
    {
        // Arrange
        using PrivateKey key = VectorKey();

        // Act
        (IReadOnlyList<ProofVerification> one, long oneUsed) = await VerifyAsync(SignedWith(1, key));
        (IReadOnlyList<ProofVerification> six, long sixUsed) = await VerifyAsync(SignedWith(6, key));

        // Assert: every proof verifies; five more proofs add five proof configurations, far less than five documents.
        // (Recomputing the document's canonical form for each proof, as before, cost six times one proof.)
        Assert.IsTrue(one.All(r => r.Verified) && six.All(r => r.Verified), string.Join(", ", six.Select(r => r.Error)));
        Assert.HasCount(6, six);
        Assert.IsLessThan(oneUsed * 2, sixUsed, $"one proof: {oneUsed} units; six proofs: {sixUsed} units");
    }

    [TestMethod]
    public async Task VerifyAsync_BudgetTooSmall_EveryProofFailsWithWorkLimitExceeded()
    {
        using PrivateKey key = VectorKey();
        JsonObject document = SignedWith(3, key);

        IReadOnlyList<ProofVerification> results = await CreateService(VectorTime).VerifyAsync(
            document, new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod, Budget = new WorkBudget(100) });

        Assert.HasCount(3, results);
        Assert.IsTrue(results.All(r => !r.Verified && r.Error?.Code == ErrorCodes.WorkLimitExceeded), string.Join(", ", results.Select(r => r.Error)));
    }

    [TestMethod]
    public async Task VerifyAsync_MoreProofsThanTheLimit_RefusedBeforeAnyIsChecked()
    {
        using PrivateKey key = VectorKey();
        JsonObject document = SignedWith(2, key);

        IReadOnlyList<ProofVerification> results = await new DataIntegrityProofService(
            new DidResolver([new Identity.DidMethods.Key.DidKeyMethod()]), Suites, new FakeTimeProvider(VectorTime)) { MaxProofsPerDocument = 1 }
            .VerifyAsync(document, new ProofExpectations { ProofPurpose = VerificationRelationship.AssertionMethod });

        Assert.HasCount(1, results);
        Assert.AreEqual(ErrorCodes.WorkLimitExceeded, results[0].Error?.Code);
    }
}
