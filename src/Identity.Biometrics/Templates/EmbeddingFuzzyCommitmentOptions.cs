using System.Security.Cryptography;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>Tuning for <see cref="EmbeddingFuzzyCommitment"/> (biometrics.md §2b).</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record EmbeddingFuzzyCommitmentOptions
{
    /// <summary>Argon2id passes for new records; 3 by default.</summary>
    public long OpsLimit { get; init; } = 3;

    /// <summary>Argon2id memory for new records; 64 MiB by default.</summary>
    public long MemLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The source of salts and keys; libsodium's CSPRNG. Only the evaluation tool replaces it (seeded, for reproducible figures).</summary>
    internal Action<Span<byte>> FillRandom { get; init; } = RandomNumberGenerator.Fill;

    internal void Validate()
    {
        if (OpsLimit < Argon2id.OpsLimitMin || OpsLimit > Argon2id.OpsLimitMax)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(OpsLimit), OpsLimit, Argon2id.OpsLimitMin, Argon2id.OpsLimitMax);
        }

        if (MemLimitBytes < Argon2id.MemLimitMin || MemLimitBytes > Argon2id.MemLimitMax)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(MemLimitBytes), MemLimitBytes, Argon2id.MemLimitMin, Argon2id.MemLimitMax);
        }
    }
}
