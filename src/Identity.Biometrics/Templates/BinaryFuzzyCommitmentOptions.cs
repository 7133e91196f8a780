using System.Security.Cryptography;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>Tuning for <see cref="BinaryFuzzyCommitment"/> (biometrics.md §2a).</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record BinaryFuzzyCommitmentOptions
{
    /// <summary>Argon2id passes for new records; 3 by default (RFC 9106's second recommended option).</summary>
    public long OpsLimit { get; init; } = 3;

    /// <summary>Argon2id memory for new records; 64 MiB by default.</summary>
    public long MemLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many columns a probe may be rotated either way to align with the reference; 8 by default.</summary>
    public int MaxRotationColumns { get; init; } = 8;

    /// <summary>Consecutive bits per template column (the rotation unit); 8 by default.</summary>
    public int BitsPerColumn { get; init; } = 8;

    /// <summary>Captures with a larger fraction of masked-out bits are rejected; 0.30 by default.</summary>
    public double MaxMaskedFraction { get; init; } = 0.30;

    /// <summary>
    /// Multi-capture enrolment (<see cref="ErasureFuzzyCommitment"/>) fails when a capture, at its best alignment,
    /// differs from the first in more than this fraction of their common valid bits: the captures are not of one eye,
    /// or one is poor. 0.30 by default (genuine pairs: 0.09 ± 0.04; impostors after rotation: 0.44 ± 0.02).
    /// </summary>
    public double MaxEnrolmentDistance { get; init; } = 0.30;

    /// <summary>
    /// The source of salts, keys and masked-bit filler; libsodium's CSPRNG. Only the evaluation tool replaces it (with a
    /// seeded generator, for reproducible figures).
    /// </summary>
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

        if (BitsPerColumn < 1 || BitsPerColumn > BinaryFuzzyCommitment.TemplateBits)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(BitsPerColumn), BitsPerColumn, 1, BinaryFuzzyCommitment.TemplateBits);
        }

        int maxColumns = BinaryFuzzyCommitment.TemplateBits / BitsPerColumn / 2;
        if (MaxRotationColumns < 0 || MaxRotationColumns > maxColumns)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(MaxRotationColumns), MaxRotationColumns, 0, maxColumns);
        }

        if (!(MaxMaskedFraction >= 0 && MaxMaskedFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMaskedFraction), MaxMaskedFraction, "Must be between 0 and 1.");
        }

        if (!(MaxEnrolmentDistance >= 0 && MaxEnrolmentDistance <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEnrolmentDistance), MaxEnrolmentDistance, "Must be between 0 and 1.");
        }
    }
}
