// References: biometrics.md §2 (common frame), §2a (binary templates), §2b (embeddings); ISO/IEC 24745:2022.
using Identity.Biometrics.Captures;
using Identity.Biometrics.Templates;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics;

/// <summary>
/// The one entry point for template protection: enrols one to five captures of a modality into a protected record and
/// matches a fresh capture against a record, choosing the scheme by modality (iris → <see cref="BinaryFuzzyCommitment"/>,
/// face → <see cref="EmbeddingFuzzyCommitment"/>) and by the record's scheme id.
/// </summary>
/// <remarks>
/// The caller owns the pepper and the captures (dispose them after the call). Results and messages never contain
/// template data.
/// <threadsafety>Immutable; safe to use from several threads while the pepper buffer stays undisposed.</threadsafety>
/// </remarks>
public sealed class BiometricProtector
{
    /// <summary>The most captures one enrolment accepts.</summary>
    public const int MaxCaptures = 5;

    private readonly BinaryFuzzyCommitment _binary;
    private readonly ErasureFuzzyCommitment _erasure;
    private readonly EmbeddingFuzzyCommitment _embedding;

    /// <summary>Creates the protector over a per-tenant pepper.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pepper"/> is null.</exception>
    /// <exception cref="ArgumentException">The pepper is shorter than <see cref="BinaryFuzzyCommitment.MinPepperSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public BiometricProtector(SecureBuffer pepper, BiometricProtectorOptions? options = null)
    {
        options ??= new BiometricProtectorOptions();
        _binary = new BinaryFuzzyCommitment(pepper, options.Binary);
        _erasure = new ErasureFuzzyCommitment(pepper, options.Binary);
        _embedding = new EmbeddingFuzzyCommitment(pepper, options.Embedding);
    }

    /// <summary>
    /// The scheme id new records of a modality get. Iris records of the earlier scheme
    /// (<see cref="BinaryFuzzyCommitment.SchemeId"/>) still match: <see cref="Match"/> dispatches on the record's scheme.
    /// </summary>
    public static string SchemeFor(BiometricModality modality) => modality switch
    {
        BiometricModality.Iris => ErasureFuzzyCommitment.SchemeId,
        BiometricModality.Face => EmbeddingFuzzyCommitment.SchemeId,
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown modality."),
    };

    /// <summary>The modality of a scheme id, or null for a scheme this library does not know.</summary>
    public static BiometricModality? ModalityOf(string schemeId) => schemeId switch
    {
        BinaryFuzzyCommitment.SchemeId or ErasureFuzzyCommitment.SchemeId => BiometricModality.Iris,
        EmbeddingFuzzyCommitment.SchemeId => BiometricModality.Face,
        _ => null,
    };

    /// <summary>Enrols one to <see cref="MaxCaptures"/> captures of one subject into a new, unlinkable record.</summary>
    /// <returns>
    /// The record; <see cref="ErrorCodes.InvalidBiometricCapture"/> for no captures, too many, or a capture of another
    /// modality; <see cref="ErrorCodes.BiometricCaptureUnusable"/> when the captures cannot make a reference.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">A capture was disposed.</exception>
    public Result<BiometricRecord> Enroll(BiometricModality modality, IReadOnlyList<BiometricCapture> captures, string subjectDid)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        if (captures.Count is 0 or > MaxCaptures)
        {
            return Result<BiometricRecord>.Failure(ErrorCodes.InvalidBiometricCapture, $"Enrolment takes 1 to {MaxCaptures} captures; got {captures.Count}.");
        }

        foreach (BiometricCapture capture in captures)
        {
            ArgumentNullException.ThrowIfNull(capture, nameof(captures));
            if (capture.Modality != modality)
            {
                return WrongFormat(modality);
            }
        }

        return modality switch
        {
            BiometricModality.Iris => _erasure.Enroll(captures.Cast<BinaryCapture>().ToList(), subjectDid),
            BiometricModality.Face => _embedding.Enroll(captures.Cast<EmbeddingCapture>().ToList(), subjectDid),
            _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown modality."),
        };
    }

    /// <summary>Matches a fresh capture against a record of the same subject.</summary>
    /// <returns>
    /// True for a match, false for none; <see cref="ErrorCodes.InvalidBiometricRecord"/> for a record of an unknown
    /// scheme or a malformed one; <see cref="ErrorCodes.InvalidBiometricCapture"/> for a capture of the wrong modality;
    /// <see cref="ErrorCodes.BiometricCaptureUnusable"/> for a capture too degraded to try.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">The capture was disposed.</exception>
    public Result<bool> Match(BiometricCapture capture, string subjectDid, BiometricRecord record)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        if (ModalityOf(record.SchemeId) is not { } modality)
        {
            return Result<bool>.Failure(ErrorCodes.InvalidBiometricRecord, "The record names a template-protection scheme this service does not know.");
        }

        if (capture.Modality != modality)
        {
            return Result<bool>.Failure(WrongFormat(modality).Error!);
        }

        return capture switch
        {
            BinaryCapture binary when record.SchemeId == BinaryFuzzyCommitment.SchemeId => _binary.Match(binary.CodeBits, binary.Mask, subjectDid, record),
            BinaryCapture binary => _erasure.Match(binary.CodeBits, binary.Mask, subjectDid, record),
            EmbeddingCapture embedding => _embedding.Match(embedding, subjectDid, record),
            _ => throw new ArgumentException("Unknown capture type.", nameof(capture)),
        };
    }

    private static Result<BiometricRecord> WrongFormat(BiometricModality modality) =>
        Result<BiometricRecord>.Failure(
            ErrorCodes.InvalidBiometricCapture,
            modality == BiometricModality.Iris ? "Iris captures must be in the \"binary\" format." : "Face captures must be in the \"embedding\" format.");
}

/// <summary>Tuning for <see cref="BiometricProtector"/>: one option set per scheme.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record BiometricProtectorOptions
{
    /// <summary>Options of the iris (binary) scheme.</summary>
    public BinaryFuzzyCommitmentOptions Binary { get; init; } = new();

    /// <summary>Options of the face (embedding) scheme.</summary>
    public EmbeddingFuzzyCommitmentOptions Embedding { get; init; } = new();
}
