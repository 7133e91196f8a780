using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Identity.Biometrics.Coding;
using Identity.Primitives;

namespace Identity.Biometrics.Templates;

// Matching: rotation search, erasure-aware inner decoding, errors-and-erasures outer decoding, Argon2id tag check.
public sealed partial class ErasureFuzzyCommitment
{
    /// <summary>
    /// Matches a fresh capture against a record, trying each allowed rotation; Argon2id runs only for a rotation whose
    /// received word decodes.
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
    /// The matching core: for each allowed rotation (0, +1, −1, +2, … columns), decodes helper ⊕ π(rotated capture)
    /// with the capture's mask and the record's reliability as weights, and offers every decoded key to
    /// <paramref name="accept"/>. <paramref name="observe"/> (the evaluation only) sees each rotation's inner-decoded
    /// symbols and erasures.
    /// </summary>
    internal Result<bool> Match(
        ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, BiometricRecord record, KeyAcceptor accept, ref int attempts, SymbolObserver? observe)
    {
        if (!IsWellFormed(record))
        {
            return Result<bool>.Failure(ErrorCodes.InvalidBiometricRecord, $"The record is not a well-formed {SchemeId} version {Version} record.");
        }

        var template = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var rotated = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var rotatedMask = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var received = GC.AllocateArray<byte>(TemplateBytes, pinned: true);
        var validity = GC.AllocateArray<byte>(TemplateBits, pinned: true);
        var weights = GC.AllocateArray<byte>(TemplateBits, pinned: true);
        var key = GC.AllocateArray<byte>(KeyBytes, pinned: true);
        var scratch = new DecodeScratch();
        byte[] salt = record.Salt.ToArray();
        try
        {
            if (!TryPrepareCapture(bits, mask, template, out Primitives.Error? unusable))
            {
                return unusable;
            }

            ReadOnlySpan<byte> helper = record.Helper.AsSpan();
            UnpackReliability(helper[TemplateBytes..], weights);
            using var transform = KeyedBitTransform.Derive(_pepper, salt, TemplateBits);
            for (int attempt = 0; attempt <= 2 * _options.MaxRotationColumns; attempt++)
            {
                // Rotations 0, +1, −1, +2, −2, … columns: the likeliest alignments first.
                int columns = (attempt + 1) / 2 * (attempt % 2 == 1 ? 1 : -1);
                int shift = columns * _options.BitsPerColumn;
                BinaryFuzzyCommitment.Rotate(template, shift, rotated);
                BinaryFuzzyCommitment.Rotate(mask, shift, rotatedMask);
                transform.Apply(rotated, received);
                for (int i = 0; i < TemplateBytes; i++)
                {
                    received[i] ^= helper[i];
                }

                // The probe's validity lands where its bits land; the record's weights are already in that order.
                for (int i = 0; i < TemplateBits; i++)
                {
                    validity[i] = (byte)PackedBits.Get(rotatedMask, i);
                }

                transform.PermuteValues(validity, scratch.Validity);
                attempts++;
                bool decoded = Decode(received, scratch.Validity, weights, scratch, key);
                observe?.Invoke(scratch.Symbols, scratch.Erased);
                if (decoded && accept(key))
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
            CryptographicOperations.ZeroMemory(rotatedMask);
            CryptographicOperations.ZeroMemory(received);
            CryptographicOperations.ZeroMemory(validity);
            CryptographicOperations.ZeroMemory(weights);
            CryptographicOperations.ZeroMemory(key);
            scratch.Clear();
        }
    }

    /// <summary>
    /// One decode: soft-decodes every 64-bit block (weight = record reliability × probe validity, sign = received
    /// bit), erases blocks with too little weight or a tie, fails closed beyond <see cref="MaxErasedBlocks"/>, then
    /// runs the errors-and-erasures outer decoder. True with the key in <paramref name="key"/> when it decodes.
    /// </summary>
    internal static bool Decode(ReadOnlySpan<byte> received, ReadOnlySpan<byte> validity, ReadOnlySpan<byte> weights, DecodeScratch scratch, Span<byte> key)
    {
        key.Clear();
        int erasures = 0;
        Span<int> soft = scratch.Soft;
        for (int block = 0; block < Blocks; block++)
        {
            int total = 0;
            int offset = block * HadamardCode.Length;
            for (int x = 0; x < HadamardCode.Length; x++)
            {
                int i = offset + x;
                int weight = weights[i] * validity[i];
                total += weight;
                soft[x] = PackedBits.Get(received, i) == 0 ? weight : -weight;
            }

            int symbol = 0;
            int margin = 0;
            int correlation = 0;
            if (total >= MinBlockWeight)
            {
                symbol = HadamardCode.Decode(soft, scratch.Work, out correlation, out margin);
            }

            // The weighted disagreement with the chosen codeword is (total − correlation) / 2; above
            // MaxBlockErrorPercent of the block's weight the block is erased. This bounds what the decoder tolerates
            // (and so the guessing entropy), and an impostor's blocks, near 50%, become erasures that fail closed.
            bool erased = margin == 0 || 50 * (total - correlation) > MaxBlockErrorPercent * total;
            scratch.Symbols[block] = erased ? 0 : symbol;
            scratch.Erased[block] = erased;
            erasures += erased ? 1 : 0;
        }

        if (erasures > MaxErasedBlocks || !Code.Decode(scratch.Symbols, scratch.Erased, scratch.Message).IsSuccess)
        {
            return false;
        }

        for (int j = 0; j < MessageSymbols; j++)
        {
            for (int b = 0; b < HadamardCode.SymbolBits; b++)
            {
                PackedBits.Set(key, (j * HadamardCode.SymbolBits) + b, (scratch.Message[j] >> b) & 1);
            }
        }

        return true;
    }

    // Two bits per position, four positions per byte, least-significant pair first.
    internal static void UnpackReliability(ReadOnlySpan<byte> packed, Span<byte> weights)
    {
        for (int i = 0; i < TemplateBits; i++)
        {
            weights[i] = (byte)((packed[i >> 2] >> (2 * (i & 3))) & 3);
        }
    }

    // Copies the capture with masked-out bits cleared (they get weight 0); fails when too much of it is masked.
    private bool TryPrepareCapture(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, Span<byte> template, [NotNullWhen(false)] out Primitives.Error? unusable)
    {
        CheckLength(bits, nameof(bits));
        CheckLength(mask, nameof(mask));
        double maskedFraction = BinaryCaptureFusion.MaskedFraction(mask);
        if (maskedFraction > _options.MaxMaskedFraction)
        {
            unusable = UnusableError(maskedFraction);
            return false;
        }

        for (int i = 0; i < TemplateBytes; i++)
        {
            template[i] = (byte)(bits[i] & mask[i]);
        }

        unusable = null;
        return true;
    }

    private static bool IsWellFormed(BiometricRecord record)
    {
        return record.SchemeId == SchemeId
            && record.Version == Version
            && !record.Helper.IsDefault && record.Helper.Length == HelperBytes
            && TemplateTag.HasValidParameters(record, TagSize);
    }
}

/// <summary>Per-decode scratch of <see cref="ErasureFuzzyCommitment"/>, pinned and wiped by its owner.</summary>
internal sealed class DecodeScratch
{
    public byte[] Validity { get; } = GC.AllocateArray<byte>(ErasureFuzzyCommitment.TemplateBits, pinned: true);

    public int[] Soft { get; } = GC.AllocateArray<int>(HadamardCode.Length, pinned: true);

    public int[] Work { get; } = GC.AllocateArray<int>(HadamardCode.Length, pinned: true);

    public int[] Symbols { get; } = GC.AllocateArray<int>(ErasureFuzzyCommitment.Blocks, pinned: true);

    public bool[] Erased { get; } = GC.AllocateArray<bool>(ErasureFuzzyCommitment.Blocks, pinned: true);

    public int[] Message { get; } = GC.AllocateArray<int>(ErasureFuzzyCommitment.MessageSymbols, pinned: true);

    public void Clear()
    {
        CryptographicOperations.ZeroMemory(Validity);
        Array.Clear(Soft);
        Array.Clear(Work);
        Array.Clear(Symbols);
        Array.Clear(Erased);
        Array.Clear(Message);
    }
}

/// <summary>Sees each rotation's inner-decoded symbols and erasures before the outer decode; the evaluation's score probe.</summary>
internal delegate void SymbolObserver(ReadOnlySpan<int> symbols, ReadOnlySpan<bool> erased);
