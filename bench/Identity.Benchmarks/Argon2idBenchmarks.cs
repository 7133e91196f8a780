using BenchmarkDotNet.Attributes;
using Identity.Benchmarks.Baselines;
using Identity.Biometrics.Templates;
using Identity.Cryptography;

namespace Identity.Benchmarks;

/// <summary>
/// Argon2id at the biometric template parameters (<see cref="BinaryFuzzyCommitmentOptions"/> defaults: t = 3, 64 MiB,
/// p = 1, 32-byte tag): the removed hand binding on the system libsodium 1.0.18 (baseline) against NSec on the
/// packaged libsodium 1.0.22. Few iterations: one call takes tens of milliseconds.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class Argon2idBenchmarks
{
    private const int Argon2id13 = 2; // crypto_pwhash_ALG_ARGON2ID13

    private static readonly BinaryFuzzyCommitmentOptions s_options = new();
    private readonly byte[] _password = "a 32-byte biometric codeword...."u8.ToArray();
    private readonly byte[] _salt = new byte[Argon2id.SaltSize];
    private readonly byte[] _tag = new byte[32];

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_salt);
        byte[] nsec = new byte[32];
        if (OldSodiumBindingSystem.sodium_init() < 0 || !OldBindingSystem() || !Argon2id.TryDeriveKey(_password, _salt, s_options.OpsLimit, s_options.MemLimitBytes, nsec)
            || !nsec.AsSpan().SequenceEqual(_tag))
        {
            throw new InvalidOperationException("The two Argon2id paths disagree.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool OldBindingSystem() =>
        OldSodiumBindingSystem.crypto_pwhash(
            _tag, (ulong)_tag.Length, _password, (ulong)_password.Length, _salt, (ulong)s_options.OpsLimit, (nuint)s_options.MemLimitBytes, Argon2id13) == 0;

    [Benchmark]
    public bool NSec() => Argon2id.TryDeriveKey(_password, _salt, s_options.OpsLimit, s_options.MemLimitBytes, _tag);
}
