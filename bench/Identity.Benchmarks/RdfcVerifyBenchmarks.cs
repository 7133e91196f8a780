// References: W3C Data Integrity EdDSA Cryptosuites v1.0 §3.2 eddsa-rdfc-2022, https://www.w3.org/TR/vc-di-eddsa/#eddsa-rdfc-2022
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Identity.Credentials.Contexts;
using Identity.Credentials.DataIntegrity;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;
using Identity.JsonLd;
using Identity.JsonLd.Rdf;

namespace Identity.Benchmarks;

/// <summary>
/// Canonicalize-and-verify of a typical eddsa-rdfc-2022 credential (Data/rdfc-credential.json: the VC 2.0 context plus
/// an inline context, eight subject claims, did:key issuer), and its parts: JSON-LD expansion to RDF (document and proof
/// configuration), RDFC-1.0 of both, and SHA-256 + Ed25519 verify. Compare with bench/load/rdfc-verify-compare.sh.
/// </summary>
[MemoryDiagnoser]
public class RdfcVerifyBenchmarks
{
    /// <summary>The seed of RFC 8032 §7.1 test 1; did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw.</summary>
    public const string IssuerSeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    private static readonly JsonLdOptions s_safe = new() { SafeMode = true };

    // As Validation.CompactedForm.Options (internal): the options the RDFC suites expand with.
    private static readonly JsonLdOptions s_compacted = s_safe with { RequireCompactedForm = true };
    private static readonly ProofExpectations s_assertion = new() { ProofPurpose = VerificationRelationship.AssertionMethod };

    private DataIntegrityProofService _proofs = null!;
    private JsonLdProcessor _jsonLd = null!;
    private JsonObject _signed = null!;
    private JsonObject _document = null!;
    private JsonObject _proofConfig = null!;
    private IReadOnlyList<RdfQuad> _documentQuads = null!;
    private IReadOnlyList<RdfQuad> _configQuads = null!;
    private byte[] _canonicalDocument = null!;
    private byte[] _canonicalConfig = null!;
    private PublicKey _publicKey = null!;
    private ICryptosuite _suite = null!;
    private JsonObject _proof = null!;
    private byte[] _signature = null!;

    /// <summary>The processor over the shipped contexts, the suites over it, and the signed credential.</summary>
    public static (DataIntegrityProofService Proofs, JsonLdProcessor JsonLd, JsonObject Signed) CreateFixture()
    {
        var store = ContextStore.LoadFrom(Path.Combine(AppContext.BaseDirectory, "schemas", "contexts"));
        var jsonLd = new JsonLdProcessor(new ContextStoreDocumentLoader(store));
        var proofs = new DataIntegrityProofService(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.WithJsonLd(jsonLd), TimeProvider.System);
        var credential = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "rdfc-credential.json")))!.AsObject();
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(Convert.FromHexString(IssuerSeedHex)).Value;
        string did = DidKeyMethod.CreateDid(key.PublicKey).Value;
        var signed = proofs.AddProof(credential, "eddsa-rdfc-2022", new ProofOptions
        {
            VerificationMethod = $"{did}#{did["did:key:".Length..]}",
            ProofPurpose = "assertionMethod",
            Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        }, key);
        if (!signed.IsSuccess)
        {
            throw new InvalidOperationException($"The benchmark credential cannot be signed: {signed.Error}");
        }

        return (proofs, jsonLd, signed.Value);
    }

    [GlobalSetup]
    public void Setup()
    {
        (_proofs, _jsonLd, _signed) = CreateFixture();
        _document = (JsonObject)_signed.DeepClone();
        _proofConfig = (JsonObject)_document["proof"]!.DeepClone();
        _document.Remove("proof");
        _signature = Identity.Primitives.Multibase.Decode(_proofConfig["proofValue"]!.GetValue<string>()).Value;
        _proofConfig.Remove("proofValue");
        _proofConfig["@context"] = _document["@context"]!.DeepClone();
        _documentQuads = _jsonLd.ToRdf(_document, s_safe).Value;
        _configQuads = _jsonLd.ToRdf(_proofConfig, s_safe).Value;
        _canonicalDocument = Rdfc10.Canonicalize(_documentQuads).Value.Utf8.ToArray();
        _canonicalConfig = Rdfc10.Canonicalize(_configQuads).Value.Utf8.ToArray();
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(Convert.FromHexString(IssuerSeedHex)).Value;
        _publicKey = key.PublicKey;
        _suite = CryptosuiteRegistry.WithJsonLd(_jsonLd).Get("eddsa-rdfc-2022").Value;
        _proof = (JsonObject)_signed["proof"]!.DeepClone();
        if (!HashAndEd25519Verify() || !VerifyCredentialProof().Result)
        {
            throw new InvalidOperationException("The benchmark credential does not verify.");
        }
    }

    /// <summary>The whole check: DID resolution, expansion, canonicalization, hashing and the signature.</summary>
    [Benchmark(Baseline = true)]
    public async Task<bool> VerifyCredentialProof() => (await _proofs.VerifyAsync(_signed, s_assertion)).Single().Verified;

    /// <summary>The cryptosuite's verify alone (no DID resolution, no proof-set handling).</summary>
    [Benchmark]
    public bool SuiteVerifyProof() => _suite.VerifyProof(_document, _proof, _publicKey).Value;

    /// <summary>JSON-LD 1.1 expansion and toRdf of the document, with the options the suites verify with (safe mode,
    /// compacted form, reserved keys).</summary>
    [Benchmark]
    public int ExpandToRdf() => _jsonLd.ToRdf(_document, s_compacted).Value.Count;

    /// <summary>RDFC-1.0 of the document's dataset.</summary>
    [Benchmark]
    public int Canonicalize() => Rdfc10.Canonicalize(_documentQuads).Value.Utf8.Length;

    /// <summary>The general path for the proof configuration (expansion, toRdf, RDFC-1.0), which the suites take only
    /// once per shape of configuration (see RdfcProofConfiguration).</summary>
    [Benchmark]
    public int ProofConfigurationGeneral() => _jsonLd.Canonicalize(_proofConfig, s_compacted).Value.Utf8.Length;

    /// <summary>SHA-256 of both canonical forms and one Ed25519 verify.</summary>
    [Benchmark]
    public bool HashAndEd25519Verify()
    {
        byte[] data = [.. SHA256.HashData(_canonicalConfig), .. SHA256.HashData(_canonicalDocument)];
        return SignatureAlgorithms.Ed25519.Verify(_publicKey, data, _signature);
    }
}
