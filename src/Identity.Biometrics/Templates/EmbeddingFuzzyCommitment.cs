// PLACEHOLDER being replaced in this session by the face scheme of biometrics.md §2b.
using Identity.Biometrics.Captures;
using Identity.Primitives;
using Identity.Sodium;

namespace Identity.Biometrics.Templates;

/// <summary>Fuzzy commitment for 512-d face embeddings (biometrics.md §2b). Not yet implemented.</summary>
public sealed class EmbeddingFuzzyCommitment
{
    /// <summary>The scheme identifier stored in every record and bound into its tag.</summary>
    public const string SchemeId = "fcs-rp4096-sel511-bch511-67-argon2id-v1";

    /// <summary>Creates the scheme over a per-tenant pepper.</summary>
    public EmbeddingFuzzyCommitment(SecureBuffer pepper, EmbeddingFuzzyCommitmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        _ = options;
    }

    /// <summary>Enrols captures of one subject.</summary>
    public Result<BiometricRecord> Enroll(IReadOnlyList<EmbeddingCapture> captures, string subjectDid) =>
        Result<BiometricRecord>.Failure(ErrorCodes.InvalidBiometricCapture, "Face enrolment is not available yet.");

    /// <summary>Matches a capture against a record.</summary>
    public Result<bool> Match(EmbeddingCapture capture, string subjectDid, BiometricRecord record) =>
        Result<bool>.Failure(ErrorCodes.InvalidBiometricCapture, "Face matching is not available yet.");
}

/// <summary>Tuning for <see cref="EmbeddingFuzzyCommitment"/>.</summary>
public sealed record EmbeddingFuzzyCommitmentOptions
{
    /// <summary>Argon2id passes for new records; 3 by default.</summary>
    public long OpsLimit { get; init; } = 3;

    /// <summary>Argon2id memory for new records; 64 MiB by default.</summary>
    public long MemLimitBytes { get; init; } = 64L * 1024 * 1024;
}
