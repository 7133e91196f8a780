using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Identity.Benchmarks.Baselines;
using Identity.Cryptography;
using NSecAlgorithm = NSec.Cryptography.SignatureAlgorithm;

namespace Identity.Benchmarks;

/// <summary>
/// Before and after the move to NSec and Nethereum, in one run (issue 15). Each category has its own baseline, the
/// "before" path: the removed hand binding (bench-only copy in Baselines/) on the system libsodium 1.0.18 for Ed25519,
/// and the removed Portable.BouncyCastle 1.8.10 code (bench-only copy) for secp256k1.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SignatureBenchmarks
{
    private static readonly byte[] s_message = new byte[256];

    private PrivateKey _ed25519 = null!;
    private byte[] _ed25519Public = null!;
    private byte[] _ed25519Signature = null!;
    private NSec.Cryptography.PublicKey _nsecPublic = null!;
    private PublicKey _ed25519PublicKey = null!;

    private PrivateKey _p256 = null!;
    private byte[] _p256Signature = null!;
    private PrivateKey _secp256k1 = null!;
    private byte[] _secp256k1Compressed = null!;
    private byte[] _secp256k1Signature = null!;
    private byte[] _hash = null!;
    private byte[] _recoverable = null!;
    private int _recoveryId;

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(s_message);
        _ed25519 = SignatureAlgorithms.Ed25519.GenerateKey();
        _ed25519PublicKey = _ed25519.PublicKey;
        _ed25519Public = _ed25519PublicKey.Bytes.ToArray();
        _ed25519Signature = SignatureAlgorithms.Ed25519.Sign(_ed25519, s_message);
        _nsecPublic = NSec.Cryptography.PublicKey.Import(NSecAlgorithm.Ed25519, _ed25519Public, NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        if (OldSodiumBindingSystem.sodium_init() < 0 || !Ed25519OldBindingSystem() || !Ed25519OldBindingPackaged() || !Ed25519NSec() || !Ed25519ThroughRegistry())
        {
            throw new InvalidOperationException("An Ed25519 path does not verify the benchmark signature.");
        }

        _p256 = SignatureAlgorithms.P256.GenerateKey();
        _p256Signature = SignatureAlgorithms.P256.Sign(_p256, s_message);
        _secp256k1 = SignatureAlgorithms.Secp256k1.GenerateKey();
        _secp256k1Compressed = _secp256k1.PublicKey.Bytes.ToArray();
        _secp256k1Signature = SignatureAlgorithms.Secp256k1.Sign(_secp256k1, s_message);
        _hash = SHA256.HashData(s_message);
        _recoverable = Secp256k1Recovery.SignRecoverable(_secp256k1, _hash, out _recoveryId);
        if (!Secp256k1VerifyPortableBouncyCastle() || !Secp256k1VerifyNethereum()
            || Secp256k1RecoverPortableBouncyCastle() != _secp256k1.PublicKey || Secp256k1RecoverNethereum() != _secp256k1.PublicKey)
        {
            throw new InvalidOperationException("A secp256k1 path does not verify or recover the benchmark signature.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ed25519.Dispose();
        _p256.Dispose();
        _secp256k1.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Ed25519 verify")]
    public bool Ed25519OldBindingSystem() =>
        OldSodiumBindingSystem.crypto_sign_ed25519_verify_detached(_ed25519Signature, s_message, (ulong)s_message.Length, _ed25519Public) == 0;

    [Benchmark]
    [BenchmarkCategory("Ed25519 verify")]
    public bool Ed25519OldBindingPackaged() =>
        OldSodiumBindingPackaged.crypto_sign_ed25519_verify_detached(_ed25519Signature, s_message, (ulong)s_message.Length, _ed25519Public) == 0;

    [Benchmark]
    [BenchmarkCategory("Ed25519 verify")]
    public bool Ed25519NSec() => NSecAlgorithm.Ed25519.Verify(_nsecPublic, s_message, _ed25519Signature);

    [Benchmark]
    [BenchmarkCategory("Ed25519 verify")]
    public bool Ed25519ThroughRegistry() => SignatureAlgorithms.Ed25519.Verify(_ed25519PublicKey, s_message, _ed25519Signature);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("sign")]
    public byte[] Ed25519Sign() => SignatureAlgorithms.Ed25519.Sign(_ed25519, s_message);

    [Benchmark]
    [BenchmarkCategory("sign")]
    public byte[] Secp256k1Sign() => SignatureAlgorithms.Secp256k1.Sign(_secp256k1, s_message);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ECDSA verify")]
    public bool Secp256k1VerifyPortableBouncyCastle() =>
        PortableBouncyCastleSecp256k1.VerifyHash(_secp256k1Compressed, SHA256.HashData(s_message), _secp256k1Signature);

    [Benchmark]
    [BenchmarkCategory("ECDSA verify")]
    public bool Secp256k1VerifyNethereum() => SignatureAlgorithms.Secp256k1.Verify(_secp256k1.PublicKey, s_message, _secp256k1Signature);

    [Benchmark]
    [BenchmarkCategory("ECDSA verify")]
    public bool P256Verify() => SignatureAlgorithms.P256.Verify(_p256.PublicKey, s_message, _p256Signature);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("secp256k1 recover")]
    public PublicKey? Secp256k1RecoverPortableBouncyCastle() =>
        PortableBouncyCastleSecp256k1.Recover(_hash, _recoverable, _recoveryId) is { } key ? PublicKey.Create(KeyType.Secp256k1, key).Value : null;

    [Benchmark]
    [BenchmarkCategory("secp256k1 recover")]
    public PublicKey? Secp256k1RecoverNethereum() => Secp256k1Recovery.Recover(_hash, _recoverable, _recoveryId).Value;
}
