using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Identity.Cryptography;
using Identity.Pkcs11;
using Identity.Testing;

namespace Identity.Benchmarks;

/// <summary>
/// One tenant signature made by a PKCS#11 token (SoftHSM v2, a throwaway token from <see cref="SoftHsm"/>) against
/// the in-process signer, through the same <see cref="ISignatureAlgorithm.Sign"/> the service calls: the token path
/// includes the session round trip, the module's own signing, and the verification every device signature gets
/// before it is used. 256-byte message, as <see cref="SignatureBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class Pkcs11SignatureBenchmarks
{
    private static readonly byte[] s_message = new byte[256];

    private Pkcs11Token _token = null!;
    private PrivateKey _ed25519 = null!;
    private PrivateKey _ed25519Token = null!;
    private PrivateKey _p256 = null!;
    private PrivateKey _p256Token = null!;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(s_message);
        _token = Pkcs11Token.Open(new Pkcs11TokenOptions { ModulePath = SoftHsm.ModulePath, TokenLabel = SoftHsm.TokenLabel, Pin = SoftHsm.Pin });
        _ed25519 = SignatureAlgorithms.Ed25519.GenerateKey();
        _ed25519Token = _token.OpenKey(_token.GenerateKey(KeyType.Ed25519, "bench/ed25519"), KeyType.Ed25519)!;
        _p256 = SignatureAlgorithms.P256.GenerateKey();
        _p256Token = _token.OpenKey(_token.GenerateKey(KeyType.P256, "bench/p256"), KeyType.P256)!;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ed25519.Dispose();
        _ed25519Token.Dispose();
        _p256.Dispose();
        _p256Token.Dispose();
        _token.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Ed25519 sign")]
    public byte[] Ed25519InProcess() => SignatureAlgorithms.Ed25519.Sign(_ed25519, s_message);

    [Benchmark]
    [BenchmarkCategory("Ed25519 sign")]
    public byte[] Ed25519SoftHsm() => SignatureAlgorithms.Ed25519.Sign(_ed25519Token, s_message);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("P-256 sign")]
    public byte[] P256InProcess() => SignatureAlgorithms.P256.Sign(_p256, s_message);

    [Benchmark]
    [BenchmarkCategory("P-256 sign")]
    public byte[] P256SoftHsm() => SignatureAlgorithms.P256.Sign(_p256Token, s_message);
}
