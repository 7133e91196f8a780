// References: W3C Data Integrity EdDSA Cryptosuites v1.0 §3.2 and ECDSA Cryptosuites v1.0 §3.2 (the RDFC suites sign
//   the canonical RDF dataset), JSON-LD 1.1 Processing Algorithms §6 (compaction: one spelling per statement).
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Cryptography;
using Identity.Dids;
using Identity.JsonLd;
using Identity.Primitives;
using Identity.Testing;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>
/// What is checked is what is signed: every respelling of a signed credential that keeps its RDF (so an RDFC signature
/// still matches) is refused with <c>jsonLdNotCompacted</c>; the same respellings break a JCS proof; legitimate
/// documents still verify. Each test signs for real and proves the respelled document has the same canonical N-Quads.
/// </summary>
[TestClass]
public sealed class CompactedFormTests
{
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonLdOptions s_plain = new() { SafeMode = true };
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    public static IEnumerable<object[]> RdfcRows =>
        Respellings.Names.SelectMany(name => new[] { new object[] { name, "eddsa-rdfc-2022" }, [name, "ecdsa-rdfc-2019"] });

    public static IEnumerable<object[]> Rows => Respellings.Rows;

    // A credential wrapped in @graph inside a presentation is a graph object, not the credential: the presentation's RDF
    // changes, so that respelling is no attack there (the credential on its own is covered above).
    public static IEnumerable<object[]> EmbeddedRows => Respellings.Rows.Where(row => (string)row[0] != "graphWrapper");

    [TestMethod]
    [DynamicData(nameof(RdfcRows))]
    public async Task Verify_RespelledRdfcCredential_SameNQuads_RefusedAsNotCompacted(string respelling, string suite)
    {
        // Arrange
        using PrivateKey key = (suite == "eddsa-rdfc-2022" ? SignatureAlgorithms.Ed25519 : SignatureAlgorithms.P256).GenerateKey();
        JsonObject signed = Sign(Credential(key), suite, key);
        JsonObject respelled = Respellings.Apply(respelling, signed);

        // Act
        IReadOnlyList<ProofVerification> original = await CreateService(s_now).VerifyAsync(signed, s_assertion);
        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(respelled, s_assertion);

        // Assert: the signature would still match, and it is the form check that refuses.
        AssertSameSignedRdf(signed, respelled);
        Assert.IsTrue(original[0].Verified, original[0].Error?.ToString());
        Assert.IsFalse(outcome[0].Verified);
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, outcome[0].Error?.Code, outcome[0].Error?.Detail);
    }

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public async Task Verify_RespelledJcsCredential_ProofFails(string respelling)
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.GenerateKey();
        JsonObject signed = Sign(Credential(key), "eddsa-jcs-2022", key);

        IReadOnlyList<ProofVerification> original = await CreateService(s_now).VerifyAsync(signed, s_assertion);
        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(Respellings.Apply(respelling, signed), s_assertion);

        Assert.IsTrue(original[0].Verified, original[0].Error?.ToString());
        Assert.IsFalse(outcome[0].Verified);
        Assert.AreEqual(ErrorCodes.InvalidProof, outcome[0].Error?.Code, outcome[0].Error?.Detail);
    }

    [TestMethod]
    public async Task Verify_IssueAttack_ExpiredRevokedCredentialRespelled_RefusedAsNotCompacted()
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.GenerateKey();
        JsonObject signed = Sign(Credential(key), "eddsa-rdfc-2022", key);
        JsonObject respelled = Respellings.IssueAttack(signed);

        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(respelled, s_assertion);

        AssertSameSignedRdf(signed, respelled);
        Assert.IsNull(respelled["validUntil"]);
        Assert.IsNull(respelled["credentialStatus"]);
        Assert.IsNull(respelled["credentialSubject"]!["id"]);
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, outcome[0].Error?.Code);
    }

    [TestMethod]
    public async Task Verify_NestedNodeReusesTheDocumentId_RefusedAsNotCompacted()
    {
        // The issuer's credential refers to itself (evidence); moving validUntil into that nested node keeps the RDF.
        using PrivateKey key = SignatureAlgorithms.Ed25519.GenerateKey();
        JsonObject credential = Credential(key);
        credential["evidence"] = credential["id"]!.GetValue<string>();
        JsonObject signed = Sign(credential, "eddsa-rdfc-2022", key);
        JsonObject respelled = (JsonObject)signed.DeepClone();
        JsonNode? validUntil = respelled["validUntil"];
        respelled.Remove("validUntil");
        respelled["evidence"] = new JsonObject
        {
            ["id"] = credential["id"]!.GetValue<string>(),
            [Respellings.Credentials + "validUntil"] = new JsonObject { ["@value"] = validUntil!.DeepClone(), ["@type"] = Respellings.XsdDateTime },
        };

        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(respelled, s_assertion);

        AssertSameSignedRdf(signed, respelled);
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, outcome[0].Error?.Code, outcome[0].Error?.Detail);
    }

    [TestMethod]
    [DataRow("notAfter", true)]
    [DataRow("expirationDate", false)]
    public async Task Verify_Vc11CredentialRespelledUnderVc2Context_ExpiryStaysVisible(string key, bool refused)
    {
        // Arrange: an expired VC 1.1 rdfc credential, re-contexted as VC 2.0 with an inline term for its
        // expirationDate (the RDF is unchanged; a 2.0 reader would look for validUntil).
        using PrivateKey signer = SignatureAlgorithms.Ed25519.GenerateKey();
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"),
            ["id"] = "urn:uuid:3e0b6a1c-5d2f-4f4e-8c1a-7b9d0e2f4a61",
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuer"] = DidKeyMethodId(signer.PublicKey).Split('#')[0],
            ["issuanceDate"] = "2025-01-01T00:00:00Z",
            ["expirationDate"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = "did:example:patient" },
        };
        JsonObject signed = Sign(credential, "eddsa-rdfc-2022", signer);
        JsonObject respelled = (JsonObject)signed.DeepClone();
        var context = new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject
        {
            ["issuanceDate"] = new JsonObject { ["@id"] = Respellings.Credentials + "issuanceDate", ["@type"] = Respellings.XsdDateTime },
            [key] = new JsonObject { ["@id"] = Respellings.Credentials + "expirationDate", ["@type"] = Respellings.XsdDateTime },
        });
        respelled["@context"] = context;
        respelled["proof"]!["@context"] = context.DeepClone();
        respelled[key] = respelled["expirationDate"]!.DeepClone();
        if (key != "expirationDate")
        {
            respelled.Remove("expirationDate");
        }

        // Act
        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(respelled, s_assertion);
        Result<Identity.Credentials.Model.VerifiableCredential> parsed = Identity.Credentials.Model.VerifiableCredential.Parse(respelled);

        // Assert: an alias is refused; under its own name the 2.0 reader still sees the 1.1 expiry.
        AssertSameSignedRdf(signed, respelled);
        Assert.AreEqual(Identity.Credentials.Model.VcVersion.V2_0, parsed.Value.Version);
        if (refused)
        {
            Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, outcome[0].Error?.Code, outcome[0].Error?.Detail);
        }
        else
        {
            Assert.IsTrue(outcome[0].Verified, outcome[0].Error?.ToString());
            Assert.AreEqual(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), parsed.Value.ValidUntil);
        }
    }

    [TestMethod]
    [DataRow("eddsa-rdfc-2022")]
    [DataRow("ecdsa-rdfc-2019")]
    public void AddProof_NotCompactedCredential_IsRefusedAtSigning(string suite)
    {
        using PrivateKey key = (suite == "eddsa-rdfc-2022" ? SignatureAlgorithms.Ed25519 : SignatureAlgorithms.P256).GenerateKey();
        JsonObject credential = Credential(key);
        var subject = (JsonObject)credential["credentialSubject"]!;
        subject["@id"] = subject["id"]!.DeepClone();
        subject.Remove("id");

        Result<JsonObject> secured = CreateService(s_now).AddProof(credential, suite, Options(key), key);

        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, secured.Error?.Code);
    }

    [TestMethod]
    [DataRow("eddsa-rdfc-2022")]
    [DataRow("ecdsa-rdfc-2019")]
    public async Task Verify_LegitimateShapes_StillVerify(string suite)
    {
        // Language and direction value objects, an issuer object, arrays of one, a typed claim, several subjects.
        using PrivateKey key = (suite == "eddsa-rdfc-2022" ? SignatureAlgorithms.Ed25519 : SignatureAlgorithms.P256).GenerateKey();
        JsonObject credential = Credential(key);
        string issuer = credential["issuer"]!.GetValue<string>();
        credential["issuer"] = new JsonObject { ["id"] = issuer, ["name"] = "St Mary's" };
        credential["name"] = new JsonObject { ["@value"] = "Patient identity", ["@language"] = "en" };
        credential["description"] = new JsonObject { ["@value"] = "هوية المريض", ["@language"] = "ar", ["@direction"] = "rtl" };
        credential["credentialSubject"] = new JsonArray(
            credential["credentialSubject"]!.DeepClone(),
            new JsonObject { ["id"] = "did:example:guardian", ["givenName"] = "Bob", ["birthDate"] = "1980-02-03" });
        credential["evidence"] = new JsonArray("https://evidence.example/1");

        JsonObject signed = Sign(credential, suite, key);
        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(signed, s_assertion);

        Assert.IsTrue(outcome[0].Verified, outcome[0].Error?.ToString());
    }

    [TestMethod]
    [DataRow("holderAsIri")]
    [DataRow("typeAsKeyword")]
    [DataRow("inlineHolderAlias")]
    public async Task Verify_RdfcPresentationWithRespelledHolder_RefusedAsNotCompacted(string respelling)
    {
        // Arrange: a holder's rdfc presentation, then its holder member respelled (RDF unchanged).
        using PrivateKey issuerKey = SignatureAlgorithms.Ed25519.GenerateKey();
        using PrivateKey holderKey = SignatureAlgorithms.Ed25519.GenerateKey();
        JsonObject credential = Sign(Credential(issuerKey, DidKeyMethodId(holderKey.PublicKey).Split('#')[0]), "eddsa-rdfc-2022", issuerKey);
        JsonObject presentation = SignPresentation(PresentationBuilder.Create(DidKeyMethodId(holderKey.PublicKey).Split('#')[0], [credential]), holderKey);
        JsonObject respelled = (JsonObject)presentation.DeepClone();
        switch (respelling)
        {
            case "holderAsIri":
                respelled[Respellings.Credentials + "holder"] = new JsonObject { ["id"] = respelled["holder"]!.DeepClone() };
                respelled.Remove("holder");
                break;
            case "typeAsKeyword":
                respelled["@type"] = respelled["type"]!.DeepClone();
                respelled.Remove("type");
                break;
            default:
                var alias = new JsonObject { ["presenter"] = new JsonObject { ["@id"] = Respellings.Credentials + "holder", ["@type"] = "@id" } };
                respelled["@context"]!.AsArray().Add(alias);
                respelled["proof"]!["@context"]!.AsArray().Add(alias.DeepClone());
                respelled["presenter"] = respelled["holder"]!.DeepClone();
                respelled.Remove("holder");
                break;
        }

        // Act
        var expectations = new ProofExpectations { ProofPurpose = VerificationRelationship.Authentication };
        IReadOnlyList<ProofVerification> original = await CreateService(s_now).VerifyAsync(presentation, expectations);
        IReadOnlyList<ProofVerification> outcome = await CreateService(s_now).VerifyAsync(respelled, expectations);

        // Assert
        AssertSameSignedRdf(presentation, respelled);
        Assert.IsTrue(original[0].Verified, original[0].Error?.ToString());
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, outcome[0].Error?.Code, outcome[0].Error?.Detail);
    }

    [TestMethod]
    [DynamicData(nameof(EmbeddedRows))]
    public async Task Verify_RdfcPresentationCarryingRespelledCredential_BothProofsRefused(string respelling)
    {
        // Arrange: the embedded credential is respelled after the holder signed; both RDF datasets are unchanged.
        using PrivateKey issuerKey = SignatureAlgorithms.Ed25519.GenerateKey();
        using PrivateKey holderKey = SignatureAlgorithms.Ed25519.GenerateKey();
        string holder = DidKeyMethodId(holderKey.PublicKey).Split('#')[0];
        JsonObject credential = Sign(Credential(issuerKey, holder), "eddsa-rdfc-2022", issuerKey);
        JsonObject presentation = SignPresentation(PresentationBuilder.Create(holder, [credential]), holderKey);
        JsonObject respelled = (JsonObject)presentation.DeepClone();
        JsonObject respelledCredential = Respellings.Apply(respelling, credential);
        respelled["verifiableCredential"] = new JsonArray(respelledCredential);

        // Act
        var expectations = new ProofExpectations { ProofPurpose = VerificationRelationship.Authentication };
        IReadOnlyList<ProofVerification> presentationOutcome = await CreateService(s_now).VerifyAsync(respelled, expectations);
        IReadOnlyList<ProofVerification> credentialOutcome = await CreateService(s_now).VerifyAsync(respelledCredential, s_assertion);

        // Assert
        AssertSameSignedRdf(presentation, respelled);
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, presentationOutcome[0].Error?.Code, presentationOutcome[0].Error?.Detail);
        Assert.AreEqual(ErrorCodes.JsonLdNotCompacted, credentialOutcome[0].Error?.Code, credentialOutcome[0].Error?.Detail);
    }

    /// <summary>A credential that is expired at <see cref="s_now"/> and carries a status entry, issued by the key's did:key.</summary>
    internal static JsonObject Credential(PrivateKey issuerKey, string subject = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK") => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
        ["id"] = "urn:uuid:6f1d2a4e-0c57-4b7e-9a43-8a1c2d3e4f50",
        ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
        ["issuer"] = DidKeyMethodId(issuerKey.PublicKey).Split('#')[0],
        ["validFrom"] = "2025-01-01T00:00:00Z",
        ["validUntil"] = "2026-01-01T00:00:00Z",
        ["credentialStatus"] = new JsonObject
        {
            ["id"] = "https://status.example/lists/1#42",
            ["type"] = "BitstringStatusListEntry",
            ["statusPurpose"] = "revocation",
            ["statusListIndex"] = "42",
            ["statusListCredential"] = "https://status.example/lists/1",
        },
        ["credentialSubject"] = new JsonObject { ["id"] = subject, ["givenName"] = "Alice", ["familyName"] = "Example" },
    };

    private static ProofOptions Options(PrivateKey key, string purpose = "assertionMethod") => new()
    {
        VerificationMethod = DidKeyMethodId(key.PublicKey),
        ProofPurpose = purpose,
        Created = s_now.AddDays(-90),
    };

    private static JsonObject Sign(JsonObject credential, string suite, PrivateKey key)
    {
        Result<JsonObject> secured = CreateService(s_now).AddProof(credential, suite, Options(key), key);
        Assert.IsTrue(secured.IsSuccess, secured.ToString());
        return secured.Value;
    }

    private static JsonObject SignPresentation(JsonObject presentation, PrivateKey key)
    {
        Result<JsonObject> secured = CreateService(s_now).AddProof(presentation, "eddsa-rdfc-2022", Options(key, "authentication"), key);
        Assert.IsTrue(secured.IsSuccess, secured.ToString());
        return secured.Value;
    }

    /// <summary>Both signed inputs (document and proof configuration) have the same canonical N-Quads before and after.</summary>
    private static void AssertSameSignedRdf(JsonObject signed, JsonObject respelled)
    {
        (JsonObject document, JsonObject config) = Respellings.SignedParts(signed);
        (JsonObject respelledDocument, JsonObject respelledConfig) = Respellings.SignedParts(respelled);
        Assert.AreEqual(NQuads(document), NQuads(respelledDocument), "the document's RDF must be unchanged");
        Assert.AreEqual(NQuads(config), NQuads(respelledConfig), "the proof configuration's RDF must be unchanged");
    }

    private static string NQuads(JsonObject document)
    {
        Result<Identity.JsonLd.Rdf.CanonicalDataset> canonical = DataIntegrityTestKit.JsonLd.Canonicalize(document, s_plain);
        Assert.IsTrue(canonical.IsSuccess, canonical.ToString());
        return canonical.Value.NQuads;
    }
}
