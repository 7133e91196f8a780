using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Identity.Credentials.Contexts;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.JsonLd;

namespace Identity.Benchmarks;

/// <summary>
/// The full in-process verification of a presentation carrying one eddsa-jcs-2022 credential (did:key issuer and
/// holder): data model (with the JSON-LD rules over the shipped contexts, as the server configures the verifier), DID
/// resolution, two signatures, validity, holder binding, challenge and domain. Baseline: one raw Ed25519 verify, so
/// the "crypto bound" for the VP is baseline ÷ 2.
/// </summary>
[MemoryDiagnoser]
public class PresentationVerifyBenchmarks
{
    private const string Challenge = "bench-challenge";
    private const string Domain = "https://provider.example";

    private CredentialVerifier _verifier = null!;
    private JsonObject _presentation = null!;
    private VerificationOptions _options = null!;
    private byte[] _message = null!;
    private NSec.Cryptography.PublicKey _publicKey = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        var store = ContextStore.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "contexts"));
        var jsonLd = new JsonLdProcessor(new ContextStoreDocumentLoader(store));
        var proofs = new DataIntegrityProofService(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.WithJsonLd(jsonLd), TimeProvider.System);
        _verifier = new CredentialVerifier(proofs, TimeProvider.System, jsonLd: jsonLd) { RelatedResources = store };

        using var issuer = SignatureAlgorithms.Ed25519.GenerateKey();
        using var holder = SignatureAlgorithms.Ed25519.GenerateKey();
        var issuerDid = DidKeyMethod.CreateDid(issuer.PublicKey).Value;
        var holderDid = DidKeyMethod.CreateDid(holder.PublicKey).Value;
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"),
            ["id"] = "urn:uuid:2b1c61f5-58e4-4f0e-8a43-1d4f3b7c9e21",
            ["type"] = new JsonArray("VerifiableCredential", "PatientIdentityCredential"),
            ["issuer"] = issuerDid,
            ["validFrom"] = "2026-01-01T00:00:00Z",
            ["credentialSubject"] = new JsonObject { ["id"] = holderDid, ["givenName"] = "Ada", ["bloodType"] = "O+" },
        };
        var signed = proofs.AddProof(credential, "eddsa-jcs-2022", new ProofOptions
        {
            VerificationMethod = $"{issuerDid}#{issuerDid[8..]}",
            ProofPurpose = "assertionMethod",
            Created = now.AddMinutes(-10),
        }, issuer).Value;
        _presentation = PresentationBuilder.Sign(
            proofs, PresentationBuilder.Create(holderDid, [signed]), holder, $"{holderDid}#{holderDid[8..]}", Challenge, Domain, now.AddMinutes(-1)).Value;
        _options = new VerificationOptions { Challenge = Challenge, Domain = Domain };
        var check = _verifier.VerifyPresentationAsync(_presentation, _options).AsTask().Result;
        if (!check.Verified)
        {
            throw new InvalidOperationException($"The benchmark presentation does not verify: {string.Join("; ", check.Checks.Where(c => c.Error is not null).Select(c => c.Error!.Detail))}");
        }

        _message = new byte[64];
        using var raw = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        _publicKey = raw.PublicKey;
        _signature = NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(raw, _message);
    }

    [Benchmark(Baseline = true)]
    public bool RawEd25519Verify() => NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(_publicKey, _message, _signature);

    [Benchmark]
    public bool VerifyPresentation() => _verifier.VerifyPresentationAsync(_presentation, _options).AsTask().Result.Verified;
}
