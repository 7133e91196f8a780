// References: A. Juels, M. Wattenberg, "A fuzzy commitment scheme", ACM CCS 1999; F. Hao, R. Anderson, J. Daugman,
// "Combining crypto with biometrics effectively", IEEE Trans. Computers 55(9), 2006 (Reed–Solomon over Hadamard
// codes for IrisCodes); ISO/IEC 24745:2022; biometrics.md §2, §2a.
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;
using Identity.Primitives;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>
/// Erasure-aware fuzzy commitment for 2048-bit binary templates with masks (IrisCode-like), scheme
/// <c>fcs-rs32-had64-112-argon2id-v2</c>: a random 112-bit key is Reed–Solomon RS(32, 16) encoded over GF(2^7), each
/// symbol goes into a Hadamard[64, 7, 32] block, and the 2048-bit codeword is bound to the secret-transformed template.
/// Masked and unreliable bits are erasures: the inner decoder gives them zero weight instead of counting them as
/// coin-flip errors.
/// </summary>
/// <remarks>
/// <para>
/// The record's helper data is 768 bytes: codeword ⊕ π(template) (256 bytes), then the enrolment's reliability
/// weights (0 … 3, two bits per position) in the transformed order. A weight is the vote margin of the enrolment
/// captures at that bit (0 = no capture saw it, or a tied vote). With the pepper secret, the weights' positions are
/// a secret permutation of the template's, so they show only how many bits were reliable.
/// </para>
/// <para>
/// A probe's masked bits get weight 0. Each 64-bit block is decoded by maximum likelihood over those weights; a block
/// with almost no weight left, or a tie, becomes a symbol erasure of the outer code, which corrects ν wrong symbols and
/// e erased ones while 2ν + e ≤ 16. More than <see cref="MaxErasedBlocks"/> erased blocks fail closed: the capture
/// then cannot match at that alignment, however the erasures were filled.
/// </para>
/// <threadsafety>Immutable; safe to use from several threads while the pepper buffer stays undisposed.</threadsafety>
/// </remarks>
public sealed partial class ErasureFuzzyCommitment
{
    /// <summary>The scheme identifier stored in every record and bound into its tag.</summary>
    public const string SchemeId = "fcs-rs32-had64-112-argon2id-v2";

    /// <summary>The record format version this class writes and reads.</summary>
    public const int Version = 2;

    /// <summary>Template and mask length in bits.</summary>
    public const int TemplateBits = BinaryFuzzyCommitment.TemplateBits;

    /// <summary>Template and mask length in bytes.</summary>
    public const int TemplateBytes = TemplateBits / 8;

    /// <summary>Inner blocks, i.e. outer-code symbols (2048 / 64).</summary>
    public const int Blocks = TemplateBits / HadamardCode.Length;

    /// <summary>Message symbols of the outer code; the key is 7 bits per symbol.</summary>
    public const int MessageSymbols = 16;

    /// <summary>The key length in bytes (112 bits).</summary>
    public const int KeyBytes = MessageSymbols * HadamardCode.SymbolBits / 8;

    /// <summary>The helper data length: the masked codeword, then two bits of reliability per position.</summary>
    public const int HelperBytes = TemplateBytes + (TemplateBits / 4);

    /// <summary>The most erased blocks a decode accepts; beyond it the decode fails closed.</summary>
    public const int MaxErasedBlocks = (Blocks - MessageSymbols) / 2;

    /// <summary>The Argon2id tag length in bytes.</summary>
    public const int TagSize = 32;

    // A block whose weights sum below this is erased: too little of it was seen to decide between 128 codewords.
    internal const int MinBlockWeight = 16;

    // A block whose chosen codeword disagrees with more than this percentage of the block's weight is erased.
    internal const int MaxBlockErrorPercent = 25;

    private static readonly Lazy<ReedSolomonCode> s_code = new(() => new ReedSolomonCode(GaloisField.Create(HadamardCode.SymbolBits), Blocks, MessageSymbols));
    private static readonly byte[] s_schemeIdBytes = Encoding.UTF8.GetBytes(SchemeId);

    private readonly SecureBuffer _pepper;
    private readonly BinaryFuzzyCommitmentOptions _options;

    /// <summary>Creates the scheme over a per-tenant pepper, which keys the secret transform and is never stored in records.</summary>
    /// <param name="pepper">At least <see cref="BinaryFuzzyCommitment.MinPepperSize"/> secret bytes; the caller keeps ownership.</param>
    /// <param name="options">Argon2id cost, rotation search, mask and enrolment limits; defaults when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pepper"/> is null.</exception>
    /// <exception cref="ArgumentException">The pepper is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ErasureFuzzyCommitment(SecureBuffer pepper, BinaryFuzzyCommitmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pepper);
        if (pepper.Length < BinaryFuzzyCommitment.MinPepperSize)
        {
            throw new ArgumentException($"The pepper must be at least {BinaryFuzzyCommitment.MinPepperSize} bytes.", nameof(pepper));
        }

        _options = options ?? new BinaryFuzzyCommitmentOptions();
        _options.Validate();
        _pepper = pepper;
    }

    internal static ReedSolomonCode Code => s_code.Value;

    /// <summary>
    /// Enrols one or more captures of one subject: captures 2 … n are aligned to the first and fused by a per-bit
    /// vote whose margin becomes the bit's reliability weight (bits that flip between captures weigh less).
    /// </summary>
    /// <returns>
    /// The record; <see cref="ErrorCodes.InvalidBiometricCapture"/> for an empty list;
    /// <see cref="ErrorCodes.BiometricCaptureUnusable"/> when a capture is too heavily masked, when the captures
    /// disagree beyond <see cref="BinaryFuzzyCommitmentOptions.MaxEnrolmentDistance"/> (not one eye, or a poor capture:
    /// a failure to enrol), or when too few fused bits are reliable.
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

        byte[] fusedBits = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        byte[] reliability = GC.AllocateArray<byte>(TemplateBits, pinned: true);
        var key = GC.AllocateArray<byte>(KeyBytes, pinned: true);
        try
        {
            Result<double> fused = Fuse(captures, fusedBits, reliability);
            if (!fused.IsSuccess)
            {
                return fused.Error;
            }

            return Enroll(fusedBits, reliability, subjectDid, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fusedBits);
            CryptographicOperations.ZeroMemory(reliability);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// The enrolment's quality gate and fusion: every capture within the mask limit, the captures consistent with
    /// each other; writes the fused bits and per-bit reliability (0 … 3) and returns the worst alignment distance.
    /// </summary>
    /// <exception cref="ArgumentNullException">A capture is null.</exception>
    internal Result<double> Fuse(IReadOnlyList<BinaryCapture> captures, Span<byte> fusedBits, Span<byte> reliability)
    {
        foreach (BinaryCapture capture in captures)
        {
            ArgumentNullException.ThrowIfNull(capture, nameof(captures));
            double masked = BinaryCaptureFusion.MaskedFraction(capture.Mask);
            if (masked > _options.MaxMaskedFraction)
            {
                return UnusableError(masked);
            }
        }

        if (captures.Count == 1)
        {
            captures[0].CodeBits.CopyTo(fusedBits);
            for (int i = 0; i < TemplateBits; i++)
            {
                reliability[i] = (byte)PackedBits.Get(captures[0].Mask, i);
            }

            return 0.0;
        }

        byte[] fusedMask = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        try
        {
            double worst = BinaryCaptureFusion.Fuse(captures, _options, fusedBits, fusedMask, reliability);
            if (worst > _options.MaxEnrolmentDistance)
            {
                return new Primitives.Error(
                    ErrorCodes.BiometricCaptureUnusable,
                    $"The enrolment captures disagree in {worst:P0} of their common bits at best alignment; at most {_options.MaxEnrolmentDistance:P0} is accepted (captures of one eye are expected).");
            }

            return worst;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fusedMask);
        }
    }

    /// <summary>Enrols a single capture (reliability 1 for valid bits, 0 for masked ones).</summary>
    /// <returns>The record, or <see cref="ErrorCodes.BiometricCaptureUnusable"/> when too many bits are masked.</returns>
    /// <exception cref="ArgumentException">A span is not <see cref="TemplateBytes"/> long, or <paramref name="subjectDid"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="subjectDid"/> is null.</exception>
    /// <exception cref="OutOfMemoryException">Argon2id could not allocate its memory.</exception>
    public Result<BiometricRecord> Enroll(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, string subjectDid)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        CheckLength(bits, nameof(bits));
        CheckLength(mask, nameof(mask));
        byte[] reliability = GC.AllocateArray<byte>(TemplateBits, pinned: true);
        var key = GC.AllocateArray<byte>(KeyBytes, pinned: true);
        try
        {
            for (int i = 0; i < TemplateBits; i++)
            {
                reliability[i] = (byte)PackedBits.Get(mask, i);
            }

            return Enroll(bits, reliability, subjectDid, key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(reliability);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Enrols a reference with per-bit reliability weights (0 … 3, one byte per bit) and leaves the bound key in
    /// <paramref name="key"/> (the evaluation's decoder-level check).
    /// </summary>
    internal Result<BiometricRecord> Enroll(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> reliability, string subjectDid, Span<byte> key)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectDid);
        CheckLength(bits, nameof(bits));
        int unreliable = reliability[..TemplateBits].Count((byte)0);
        double unreliableFraction = unreliable / (double)TemplateBits;
        if (unreliableFraction > _options.MaxMaskedFraction)
        {
            return UnusableError(unreliableFraction);
        }

        var template = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var codeword = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var transformed = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var weights = GC.AllocateArray<byte>(TemplateBits, pinned: true);
        var symbols = GC.AllocateArray<int>(Blocks, pinned: true);
        try
        {
            // Unreliable bits carry no information: random filler costs nothing, as the matcher gives them weight 0.
            _options.FillRandom(template);
            for (int i = 0; i < TemplateBits; i++)
            {
                if (reliability[i] != 0)
                {
                    PackedBits.Set(template, i, PackedBits.Get(bits, i));
                }
            }

            byte[] salt = new byte[Argon2id.SaltSize];
            _options.FillRandom(salt);
            _options.FillRandom(key);
            Encode(key, symbols, codeword);
            var helper = new byte[HelperBytes];
            using (var transform = KeyedBitTransform.Derive(_pepper, salt, TemplateBits))
            {
                transform.Apply(template, transformed);
                transform.PermuteValues(reliability, weights);
            }

            for (int i = 0; i < TemplateBytes; i++)
            {
                helper[i] = (byte)(codeword[i] ^ transformed[i]);
            }

            for (int i = 0; i < TemplateBits; i++)
            {
                helper[TemplateBytes + (i >> 2)] |= (byte)(Math.Min((int)weights[i], BinaryCaptureFusion.MaxReliability) << (2 * (i & 3)));
            }

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
            CryptographicOperations.ZeroMemory(weights);
            Array.Clear(symbols);
        }
    }

    /// <summary>The concatenated encoding: key → RS(32, 16) symbols → one Hadamard block per symbol (2048 bits).</summary>
    internal static void Encode(ReadOnlySpan<byte> key, Span<int> symbols, Span<byte> codeword)
    {
        Span<int> message = stackalloc int[MessageSymbols];
        for (int j = 0; j < MessageSymbols; j++)
        {
            int value = 0;
            for (int b = 0; b < HadamardCode.SymbolBits; b++)
            {
                value |= PackedBits.Get(key, (j * HadamardCode.SymbolBits) + b) << b;
            }

            message[j] = value;
        }

        Code.Encode(message, symbols);
        message.Clear();
        for (int block = 0; block < Blocks; block++)
        {
            HadamardCode.Encode(symbols[block], codeword, block * HadamardCode.Length);
        }
    }

    private Primitives.Error UnusableError(double maskedFraction) => new(
        ErrorCodes.BiometricCaptureUnusable,
        $"{maskedFraction:P0} of the capture is masked or unreliable; at most {_options.MaxMaskedFraction:P0} is accepted.");

    private static void CheckLength(ReadOnlySpan<byte> span, string paramName)
    {
        if (span.Length != TemplateBytes)
        {
            throw Error.Argument_Length(paramName, TemplateBytes, span.Length);
        }
    }
}
