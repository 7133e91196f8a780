// References: W3C Data Integrity EdDSA Cryptosuites v1.0 (the legacy Ed25519Signature2020 suite and its test vector
//   TestVectors/Ed25519Signature2020/signedEdSig.json), https://www.w3.org/TR/vc-di-eddsa/
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

[TestClass]
public sealed class Ed25519Signature2020Tests
{
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    private static JsonObject Vector() => LoadObject(EddsaDir("Ed25519Signature2020", "signedEdSig.json"));

    [TestMethod]
    public async Task Verify_SpecificationVector_Verifies()
    {
        IReadOnlyList<ProofVerification> results = await CreateService(VectorTime).VerifyAsync(Vector(), s_assertion);

        Assert.HasCount(1, results);
        Assert.IsTrue(results[0].Verified, results[0].Error?.Detail);
    }

    [TestMethod]
    [DataRow("claim")]
    [DataRow("proof-created")]
    [DataRow("cryptosuite-member")]
    public async Task Verify_TamperedVector_Fails(string tamper)
    {
        JsonObject document = Vector();
        switch (tamper)
        {
            case "claim":
                document["credentialSubject"]!["alumniOf"] = "Another School";
                break;
            case "proof-created":
                document["proof"]!["created"] = "2023-02-24T23:36:39Z";
                break;
            default:
                document["proof"]!["cryptosuite"] = "eddsa-rdfc-2022"; // a legacy proof never names a cryptosuite
                break;
        }

        IReadOnlyList<ProofVerification> results = await CreateService(VectorTime).VerifyAsync(document, s_assertion);

        Assert.IsFalse(results[0].Verified);
    }

    [TestMethod]
    public void CompactedForm_RespelledVector_IsRefusedUpFront()
    {
        // The legacy suite signs RDF like eddsa-rdfc-2022, so the up-front compacted-form check must cover it too: a
        // subject written under its full IRI keeps the N-Quads but is not what the checks would read.
        JsonObject document = Vector();
        JsonNode subject = document["credentialSubject"]!;
        document.Remove("credentialSubject");
        document["https://www.w3.org/2018/credentials#credentialSubject"] = subject;

        Assert.IsTrue(Identity.Credentials.Validation.CompactedForm.IsRdfSecured(Vector()));
        Assert.IsNull(Identity.Credentials.Validation.CompactedForm.CheckSecured(Vector(), DataIntegrityTestKit.JsonLd));
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, Identity.Credentials.Validation.CompactedForm.CheckSecured(document, DataIntegrityTestKit.JsonLd)?.Code);
    }

    [TestMethod]
    public void CreateProof_IsRefused_VerifyOnly()
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.GenerateKey();
        ICryptosuite suite = Suites.Get(Ed25519Signature2020.ProofType).Value;

        Result<JsonObject> proof = suite.CreateProof(Vector(), new ProofOptions { VerificationMethod = DidKeyMethodId(key.PublicKey), ProofPurpose = "assertionMethod" }, key);

        Assert.AreEqual(ErrorCodes.UnsupportedCryptosuite, proof.Error!.Code);
    }
}
