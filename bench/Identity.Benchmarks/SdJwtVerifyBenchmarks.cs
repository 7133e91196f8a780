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

    /// <summary>The presentation (issuer JWS ~ disclosures ~ KB-JWT) and the raw keys of its two signatures.</summary>
    internal string Presentation => _presentation;

    internal byte[] IssuerPublicKey { get; private set; } = [];

    internal byte[] HolderPublicKey { get; private set; } = [];

    [GlobalSetup]
    public void Setup()
    {
        using var issuer = SignatureAlgorithms.Ed25519.GenerateKey();
        using var holder = SignatureAlgorithms.Ed25519.GenerateKey();
        var issuerDid = DidKeyMethod.CreateDid(issuer.PublicKey).Value;
        IssuerPublicKey = issuer.PublicKey.Bytes.ToArray();
        HolderPublicKey = holder.PublicKey.Bytes.ToArray();
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

    /// <summary>Measures ops/s the way bench/load/sd-jwt-verify-node.mjs does (warm-up, then a timed loop) and prints it.</summary>
    public static int PrintRate(double seconds)
    {
        var bench = new SdJwtVerifyBenchmarks();
        bench.Setup();
        for (int i = 0; i < 2000; i++)
        {
            bench.VerifySdJwtPresentation();
        }

        long count = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            bench.VerifySdJwtPresentation();
            count++;
        }

        double rate = count / watch.Elapsed.TotalSeconds;
        if (Environment.GetEnvironmentVariable("SDJWT_BENCH_BOUND") == "1")
        {
            // Two Ed25519 verifies per presentation: the crypto bound, measured in the same process just after.
            using var key = SignatureAlgorithms.Ed25519.GenerateKey();
            byte[] message = new byte[200];
            byte[] signature = SignatureAlgorithms.Ed25519.Sign(key, message);
            long raw = 0;
            watch.Restart();
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                SignatureAlgorithms.Ed25519.Verify(key.PublicKey, message, signature);
                raw++;
            }

            Console.Error.WriteLine($"raw Ed25519 verifies/s {raw / watch.Elapsed.TotalSeconds:F0}; bound {raw / watch.Elapsed.TotalSeconds / 2:F0}/s; ours {rate:F0}/s = {100 * rate / (raw / watch.Elapsed.TotalSeconds / 2):F0}% of bound");
        }

        Console.WriteLine(rate.ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    [Benchmark]
    public bool VerifySdJwtPresentation() => _verifier.VerifyAsync(_presentation, _options).AsTask().Result.Result.Verified;
}
