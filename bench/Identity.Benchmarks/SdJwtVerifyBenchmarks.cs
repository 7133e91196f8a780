using BenchmarkDotNet.Attributes;
using Identity.Credentials.SdJwt;
using Identity.Credentials.Verification;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Benchmarks;

/// <summary>
/// In-process verification of an SD-JWT VC presentation with Key Binding, the same shape as
/// bench/load/sd-jwt-verify-node.mjs: Ed25519 did:key issuer, Ed25519 holder key in cnf, five selectively disclosable
/// claims (two decoys), two disclosed, KB-JWT over nonce and audience. Two Ed25519 verifies per presentation.
/// </summary>
[MemoryDiagnoser]
public class SdJwtVerifyBenchmarks
{
    private const string Nonce = "bench-nonce";
    private const string Audience = "https://provider.example";

    private SdJwtVerifier _verifier = null!;
    private string _presentation = null!;
    private VerificationOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var issuer = SignatureAlgorithms.Ed25519.GenerateKey();
        using var holder = SignatureAlgorithms.Ed25519.GenerateKey();
        var issuerDid = DidKeyMethod.CreateDid(issuer.PublicKey).Value;
        var claims = new System.Text.Json.Nodes.JsonObject
        {
            ["iss"] = issuerDid,
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["vct"] = "https://identity.example/vct/PatientIdentityCredential",
            ["sub"] = DidKeyMethod.CreateDid(holder.PublicKey).Value,
            ["patientId"] = "MRN-0042",
            ["givenName"] = "Ada",
            ["familyName"] = "Lovelace",
            ["birthDate"] = "1815-12-10",
            ["bloodType"] = "O+",
        };
        var issued = SdJwtIssuer.Issue(claims, new SdJwtIssueOptions
        {
            Disclosable = ["patientId", "givenName", "familyName", "birthDate", "bloodType"],
            HolderKey = holder.PublicKey,
            KeyId = $"{issuerDid}#{issuerDid[8..]}",
        }, issuer).Value;
        _presentation = SdJwtWallet.Present(issued, ["givenName", "bloodType"], holder, Nonce, Audience, DateTimeOffset.UtcNow).Value;
        _verifier = new SdJwtVerifier(new DidResolver([new DidKeyMethod()]), TimeProvider.System) { MaxKeyBindingAge = TimeSpan.FromDays(1) };
        _options = new VerificationOptions { Challenge = Nonce, Domain = Audience };
        if (!_verifier.VerifyAsync(_presentation, _options).AsTask().Result.Result.Verified)
        {
            throw new InvalidOperationException("The benchmark presentation does not verify.");
        }
    }

    [Benchmark]
    public bool VerifySdJwtPresentation() => _verifier.VerifyAsync(_presentation, _options).AsTask().Result.Result.Verified;
}
