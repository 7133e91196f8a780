using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Identity.Cryptography;

namespace Identity.Benchmarks;

/// <summary>
/// Sign and verify per algorithm. <see cref="Ed25519VerifyRawLibsodium"/> is the baseline: libsodium's
/// <c>crypto_sign_ed25519_verify_detached</c> called through a bare function pointer, so the ratio of our
/// <see cref="Ed25519Verify"/> to it is the cost of the binding itself.
/// </summary>
[MemoryDiagnoser]
public unsafe class SignatureBenchmarks
{
    private static readonly byte[] s_message = new byte[256];

    private Ed25519PrivateKey _ed25519 = null!;
    private byte[] _ed25519Public = null!;
    private byte[] _ed25519Signature = null!;
    private delegate* unmanaged[Cdecl]<byte*, byte*, ulong, byte*, int> _rawVerify;

    private PrivateKey _p256 = null!;
    private byte[] _p256Signature = null!;
    private PrivateKey _secp256k1 = null!;
    private byte[] _secp256k1Signature = null!;
    private readonly byte[] _signatureBuffer = new byte[Ed25519.SignatureSize];

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(s_message);
        _ed25519 = Ed25519PrivateKey.Generate();
        _ed25519Public = _ed25519.PublicKey;
        _ed25519Signature = _ed25519.Sign(s_message);

        Sodium.Sodium.EnsureInitialized();
        var library = NativeLibrary.Load("libsodium.so.23");
        _rawVerify = (delegate* unmanaged[Cdecl]<byte*, byte*, ulong, byte*, int>)NativeLibrary.GetExport(library, "crypto_sign_ed25519_verify_detached");

        _p256 = SignatureAlgorithms.P256.GenerateKey();
        _p256Signature = SignatureAlgorithms.P256.Sign(_p256, s_message);
        _secp256k1 = SignatureAlgorithms.Secp256k1.GenerateKey();
        _secp256k1Signature = SignatureAlgorithms.Secp256k1.Sign(_secp256k1, s_message);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ed25519.Dispose();
        _p256.Dispose();
        _secp256k1.Dispose();
    }

    [Benchmark]
    public void Ed25519Sign() => _ed25519.Sign(s_message, _signatureBuffer);

    [Benchmark(Baseline = true)]
    public bool Ed25519VerifyRawLibsodium()
    {
        fixed (byte* sig = _ed25519Signature)
        fixed (byte* msg = s_message)
        fixed (byte* pk = _ed25519Public)
        {
            return _rawVerify(sig, msg, (ulong)s_message.Length, pk) == 0;
        }
    }

    [Benchmark]
    public bool Ed25519Verify() => Ed25519.Verify(_ed25519Public, s_message, _ed25519Signature);

    [Benchmark]
    public bool Ed25519VerifyThroughRegistry() =>
        SignatureAlgorithms.Ed25519.Verify(_ed25519PublicKey ??= PublicKey.Create(KeyType.Ed25519, _ed25519Public).Value, s_message, _ed25519Signature);

    [Benchmark]
    public bool P256Verify() => SignatureAlgorithms.P256.Verify(_p256.PublicKey, s_message, _p256Signature);

    [Benchmark]
    public bool Secp256k1Verify() => SignatureAlgorithms.Secp256k1.Verify(_secp256k1.PublicKey, s_message, _secp256k1Signature);

    private PublicKey? _ed25519PublicKey;
}
