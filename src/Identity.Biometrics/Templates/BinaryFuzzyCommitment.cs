// References: A. Juels, M. Wattenberg, "A fuzzy commitment scheme", ACM CCS 1999; ISO/IEC 24745:2022 (renewable
// biometric references); RFC 9106 (Argon2id); biometrics.md §2 and §2a (scheme fcs-bch2047-67-argon2id-v1).
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>
/// Fuzzy commitment for 2048-bit binary templates with masks (IrisCode-like): enrolment binds a random 67-bit key to
/// the template through BCH(2047, 67, t = 439) and a secret pepper-keyed transform, and stores only salt, helper data and
/// an Argon2id tag; matching decodes the key back from a fresh capture and checks the tag.
/// </summary>
/// <remarks>
/// <para>
/// Templates and masks are 256 bytes, packed least-significant bit first (bit i = bit i mod 8 of byte i / 8). A mask
/// bit of 1 marks a valid code bit and 0 a masked-out one (Daugman's convention). Masked bits are replaced by fresh
/// random bits: at enrolment they cost errors, not secrecy; at a probe they add about 50% errors on those positions.
/// The 2048th transformed bit is dropped (the code is 2047 bits long).
/// </para>
/// <para>
/// The caller owns <c>pepper</c> and the capture spans; this class copies captures into scratch buffers that it wipes
/// before returning, and never puts template bits in messages or results.
/// </para>
/// <threadsafety>Immutable; safe to use from several threads while the pepper buffer stays undisposed.</threadsafety>
/// </remarks>
public sealed class BinaryFuzzyCommitment
{
    /// <summary>The scheme identifier stored in every record and bound into its tag.</summary>
    public const string SchemeId = "fcs-bch2047-67-argon2id-v1";

    /// <summary>The record format version this class writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Template and mask length in bits.</summary>
    public const int TemplateBits = 2048;

    /// <summary>Template and mask length in bytes.</summary>
    public const int TemplateBytes = TemplateBits / 8;

    /// <summary>The Argon2id tag length in bytes.</summary>
    public const int TagSize = 32;

    /// <summary>The shortest pepper accepted, in bytes.</summary>
    public const int MinPepperSize = 16;

    // An immutable code shared by all instances; building it takes a few milliseconds.
    private static readonly Lazy<BchCode> s_code = new(() => BchCode.Create(11, 439));
    private static readonly byte[] s_schemeIdBytes = Encoding.UTF8.GetBytes(SchemeId);

    private readonly SecureBuffer _pepper;
    private readonly BinaryFuzzyCommitmentOptions _options;

    /// <summary>Creates the scheme over a per-tenant pepper, which keys the secret transform and is never stored in records.</summary>
    /// <param name="pepper">At least <see cref="MinPepperSize"/> secret bytes; the caller keeps ownership.</param>
    /// <param name="options">Argon2id cost, rotation search and mask limits; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pepper"/> is null.</exception>
    /// <exception cref="ArgumentException">The pepper is shorter than <see cref="MinPepperSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public BinaryFuzzyCommitment(SecureBuffer pepper, BinaryFuzzyCommitmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        if (pepper.Length < MinPepperSize)
        {
            throw new ArgumentException($"The pepper must be at least {MinPepperSize} bytes.", nameof(pepper));
        }

        _options = options ?? new BinaryFuzzyCommitmentOptions();
        _options.Validate();
        _pepper = pepper;
    }

    /// <summary>
    /// Enrols one or more captures of one subject into one reference: captures 2 … n are aligned to the first by the
    /// cyclic rotation (within ±<see cref="BinaryFuzzyCommitmentOptions.MaxRotationColumns"/> columns) with the lowest
    /// masked Hamming distance, then every bit is the majority vote of the captures valid there. A bit stays valid in
    /// the fused mask when at least one capture is valid there and the vote is not tied.
    /// </summary>
    /// <returns>
    /// The record; <see cref="ErrorCodes.InvalidBiometricCapture"/> for an empty list;
    /// <see cref="ErrorCodes.BiometricCaptureUnusable"/> when a capture or the fused reference is too heavily masked.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="captures"/>, a capture or <paramref name="subjectDid"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">A capture was disposed.</exception>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public Result<BiometricRecord> Enroll(IReadOnlyList<BinaryCapture> captures, string subjectDid)
    {
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        if (captures.Count == 0)
        {
            return Result<BiometricRecord>.Failure(ErrorCodes.InvalidBiometricCapture, "Enrolment needs at least one capture.");
        }

        foreach (BinaryCapture capture in captures)
        {
            ArgumentNullException.ThrowIfNull(capture, nameof(captures));
        }

        if (captures.Count == 1)
        {
            return Enroll(captures[0].CodeBits, captures[0].Mask, subjectDid);
        }

        byte[] fusedBits = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        byte[] fusedMask = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        try
        {
            foreach (BinaryCapture capture in captures)
            {
                double masked = BinaryCaptureFusion.MaskedFraction(capture.Mask);
                if (masked > _options.MaxMaskedFraction)
                {
                    return Unusable(masked);
                }
            }

            BinaryCaptureFusion.Fuse(captures, _options, fusedBits, fusedMask);
            return Enroll(fusedBits, fusedMask, subjectDid);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fusedBits);
            CryptographicOperations.ZeroMemory(fusedMask);
        }
    }

    private Result<BiometricRecord> Unusable(double maskedFraction) => Result<BiometricRecord>.Failure(UnusableError(maskedFraction));

    private Primitives.Error UnusableError(double maskedFraction) => new(
        ErrorCodes.BiometricCaptureUnusable,
        $"{maskedFraction:P0} of the capture is masked; at most {_options.MaxMaskedFraction:P0} is accepted.");

    /// <summary>Enrols a capture: a new salt, transform and key give a record unlinkable to any other enrolment.</summary>
    /// <returns>The record, or <see cref="ErrorCodes.BiometricCaptureUnusable"/> when too many bits are masked.</returns>
    /// <exception cref="ArgumentException">A span is not <see cref="TemplateBytes"/> long, or <paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="subjectDid"/> is null.</exception>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public Result<BiometricRecord> Enroll(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, string subjectDid)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        var key = GC.AllocateArray<byte>(s_code.Value.MessageBytes, pinned: true);
        try
        {
            return Enroll(bits, mask, subjectDid, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Enrols a capture and leaves the bound key in <paramref name="key"/> (the evaluation's decoder-level check).</summary>
    internal Result<BiometricRecord> Enroll(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, string subjectDid, Span<byte> key)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        BchCode code = s_code.Value;
        var template = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var codeword = GC.AllocateArray<byte>(code.CodewordBytes, pinned: true);
        var transformed = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        try
        {
            if (!TryPrepareCapture(bits, mask, template, out Primitives.Error? unusable))
            {
                return unusable;
            }

            byte[] salt = new byte[Argon2id.SaltSize];
            _options.FillRandom(salt);
            _options.FillRandom(key);
            key[^1] &= (byte)((1 << (code.Dimension % 8)) - 1);
            code.Encode(key, codeword);
            using (var transform = KeyedBitTransform.Derive(_pepper, salt, TemplateBits))
            {
                transform.Apply(template, transformed);
            }

            var helper = new byte[TemplateBytes];
            for (int i = 0; i < TemplateBytes; i++)
            {
                helper[i] = (byte)(codeword[i] ^ transformed[i]);
            }

            helper[^1] &= 0x7F;
            var tag = new byte[TagSize];
            TemplateTag.Compute(key, subjectDid, s_schemeIdBytes, salt, _options.OpsLimit, _options.MemLimitBytes, tag);
            return new BiometricRecord
            {
                SchemeId = SchemeId,
                Version = Version,
                Salt = ImmutableArray.Create(salt),
                Helper = ImmutableArray.Create(helper),
                OpsLimit = _options.OpsLimit,
                MemLimitBytes = _options.MemLimitBytes,
                Tag = ImmutableArray.Create(tag),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(template);
            CryptographicOperations.ZeroMemory(codeword);
            CryptographicOperations.ZeroMemory(transformed);
        }
    }

    /// <summary>
    /// Matches a fresh capture against a record, trying each allowed rotation: BCH decoding filters candidates cheaply
    /// and Argon2id runs only for a rotation that decodes.
    /// </summary>
    /// <returns>
    /// True when the capture recovers the enrolled key for <paramref name="subjectDid"/>, false when it does not;
    /// <see cref="ErrorCodes.BiometricCaptureUnusable"/> or <see cref="ErrorCodes.InvalidBiometricRecord"/> when no
    /// match could be attempted.
    /// </returns>
    /// <exception cref="ArgumentException">A span is not <see cref="TemplateBytes"/> long, or <paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="subjectDid"/> or <paramref name="record"/> is null.</exception>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public Result<bool> Match(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, string subjectDid, BiometricRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        ArgumentNullException.ThrowIfNull(record);
        using var check = new TemplateTag.RecordCheck(subjectDid, s_schemeIdBytes, record, TagSize);
        int attempts = 0;
        return Match(bits, mask, record, check.Accept, ref attempts, observe: null);
    }

    /// <summary>
    /// The matching core: for each allowed rotation (0, +1, −1, +2, … columns), decodes helper ⊕ π(rotated capture) and
    /// offers every decoded key to <paramref name="accept"/>, stopping at the first it accepts. <paramref name="attempts"/>
    /// grows by the number of decodes run. Public matching accepts by Argon2id tag; the evaluation by comparing keys, and
    /// it alone passes <paramref name="observe"/> to measure each received word's distance from the enrolled codeword.
    /// </summary>
    internal Result<bool> Match(
        ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, BiometricRecord record, KeyAcceptor accept, ref int attempts, ReceivedWordObserver? observe)
    {
        if (!IsWellFormed(record))
        {
            return Result<bool>.Failure(ErrorCodes.InvalidBiometricRecord, $"The record is not a well-formed {SchemeId} version {Version} record.");
        }

        BchCode code = s_code.Value;
        var template = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var rotated = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var received = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var key = GC.AllocateArray<byte>(code.MessageBytes, pinned: true);
        byte[] salt = record.Salt.ToArray();
        try
        {
            if (!TryPrepareCapture(bits, mask, template, out Primitives.Error? unusable))
            {
                return unusable;
            }

            using var transform = KeyedBitTransform.Derive(_pepper, salt, TemplateBits);
            for (int attempt = 0; attempt <= 2 * _options.MaxRotationColumns; attempt++)
            {
                // Rotations 0, +1, −1, +2, −2, … columns: the likeliest alignments first.
                int columns = (attempt + 1) / 2 * (attempt % 2 == 1 ? 1 : -1);
                Rotate(template, columns * _options.BitsPerColumn, rotated);
                transform.Apply(rotated, received);
                for (int i = 0; i < TemplateBytes; i++)
                {
                    received[i] ^= record.Helper[i];
                }

                attempts++;
                observe?.Invoke(columns, received);
                if (code.Decode(received, key).IsSuccess && accept(key))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(template);
            CryptographicOperations.ZeroMemory(rotated);
            CryptographicOperations.ZeroMemory(received);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // Copies the capture with masked-out bits replaced by random ones; fails when too much of it is masked.
    private bool TryPrepareCapture(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, Span<byte> template, [NotNullWhen(false)] out Primitives.Error? unusable)
    {
        if (bits.Length != TemplateBytes)
        {
            throw Error.Argument_Length(nameof(bits), TemplateBytes, bits.Length);
        }

        if (mask.Length != TemplateBytes)
        {
            throw Error.Argument_Length(nameof(mask), TemplateBytes, mask.Length);
        }

        double maskedFraction = BinaryCaptureFusion.MaskedFraction(mask);
        if (maskedFraction > _options.MaxMaskedFraction)
        {
            unusable = UnusableError(maskedFraction);
            return false;
        }

        _options.FillRandom(template);
        for (int i = 0; i < TemplateBytes; i++)
        {
            template[i] = (byte)((bits[i] & mask[i]) | (template[i] & ~mask[i]));
        }

        unusable = null;
        return true;
    }

    private static bool IsWellFormed(BiometricRecord record)
    {
        return record.SchemeId == SchemeId
            && record.Version == Version
            && !record.Helper.IsDefault && record.Helper.Length == TemplateBytes
            && TemplateTag.HasValidParameters(record, TagSize);
    }

    // Cyclic rotation: output bit i = input bit (i + shift) mod 2048.
    internal static void Rotate(ReadOnlySpan<byte> input, int shift, Span<byte> output)
    {
        int offset = ((shift % TemplateBits) + TemplateBits) % TemplateBits;
        output.Clear();
        for (int i = 0; i < TemplateBits; i++)
        {
            PackedBits.Set(output, i, PackedBits.Get(input, (i + offset) % TemplateBits));
        }
    }
}

/// <summary>Decides whether a key decoded from a capture is the enrolled one (by Argon2id tag, or in the evaluation by value).</summary>
internal delegate bool KeyAcceptor(ReadOnlySpan<byte> key);

/// <summary>Sees each received word (helper ⊕ transformed capture) before it is decoded; the evaluation's distance probe.</summary>
internal delegate void ReceivedWordObserver(int columns, ReadOnlySpan<byte> received);
