// References: biometrics.md §2a (enrol from several captures: align, then a per-bit majority vote).
using System.Numerics;
using System.Security.Cryptography;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;

namespace Identity.Biometrics.Templates;

/// <summary>Multi-capture enrolment for <see cref="BinaryFuzzyCommitment"/>: rotation alignment and majority vote.</summary>
internal static class BinaryCaptureFusion
{
    /// <summary>The largest reliability weight a fused bit gets (three or more agreeing captures).</summary>
    internal const int MaxReliability = 3;

    /// <summary>
    /// Aligns every capture to the first and takes a per-bit majority vote over the valid bits (biometrics.md §2a).
    /// <paramref name="reliability"/>, when not empty (one byte per bit), receives each bit's vote margin
    /// |ones − zeros| capped at <see cref="MaxReliability"/>: 0 for a bit no capture saw or a tied vote, 3 for three
    /// captures that agree. Returns the largest fractional masked distance between an aligned capture and the first
    /// (1 when a capture shares no valid bit with it): the enrolment's consistency.
    /// </summary>
    internal static double Fuse(
        IReadOnlyList<BinaryCapture> captures, BinaryFuzzyCommitmentOptions options, Span<byte> fusedBits, Span<byte> fusedMask, Span<byte> reliability = default)
    {
        double worst = 0;
        byte[] ones = GC.AllocateArray<byte>(BinaryFuzzyCommitment.TemplateBits, pinned: true);
        byte[] valid = GC.AllocateArray<byte>(BinaryFuzzyCommitment.TemplateBits, pinned: true);
        byte[] rotatedBits = GC.AllocateArray<byte>(BinaryFuzzyCommitment.TemplateBytes, pinned: true);
        byte[] rotatedMask = GC.AllocateArray<byte>(BinaryFuzzyCommitment.TemplateBytes, pinned: true);
        byte[] bestBits = GC.AllocateArray<byte>(BinaryFuzzyCommitment.TemplateBytes, pinned: true);
        byte[] bestMask = GC.AllocateArray<byte>(BinaryFuzzyCommitment.TemplateBytes, pinned: true);
        try
        {
            ReadOnlySpan<byte> referenceBits = captures[0].CodeBits;
            ReadOnlySpan<byte> referenceMask = captures[0].Mask;
            Count(referenceBits, referenceMask, ones, valid);
            for (int c = 1; c < captures.Count; c++)
            {
                long bestNumerator = 1;
                long bestDenominator = 0;
                for (int columns = -options.MaxRotationColumns; columns <= options.MaxRotationColumns; columns++)
                {
                    BinaryFuzzyCommitment.Rotate(captures[c].CodeBits, columns * options.BitsPerColumn, rotatedBits);
                    BinaryFuzzyCommitment.Rotate(captures[c].Mask, columns * options.BitsPerColumn, rotatedMask);
                    int disagree = 0;
                    int common = 0;
                    for (int i = 0; i < BinaryFuzzyCommitment.TemplateBytes; i++)
                    {
                        int both = referenceMask[i] & rotatedMask[i];
                        common += BitOperations.PopCount((uint)both);
                        disagree += BitOperations.PopCount((uint)((referenceBits[i] ^ rotatedBits[i]) & both));
                    }

                    // disagree / common < best, compared without division; a rotation with no common bits never wins.
                    if (common > 0 && (bestDenominator == 0 || (long)disagree * bestDenominator < bestNumerator * common))
                    {
                        bestNumerator = disagree;
                        bestDenominator = common;
                        rotatedBits.CopyTo(bestBits, 0);
                        rotatedMask.CopyTo(bestMask, 0);
                    }
                }

                if (bestDenominator > 0)
                {
                    Count(bestBits, bestMask, ones, valid);
                    worst = Math.Max(worst, (double)bestNumerator / bestDenominator);
                }
                else
                {
                    worst = 1;
                }
            }

            fusedBits.Clear();
            fusedMask.Clear();
            for (int i = 0; i < BinaryFuzzyCommitment.TemplateBits; i++)
            {
                int votes = valid[i];
                int twice = 2 * ones[i];
                if (twice > votes)
                {
                    PackedBits.Set(fusedBits, i, 1);
                }

                // A bit seen by one capture only is wrong with that capture's noise (a few percent); a masked bit is
                // replaced by a random one (wrong half the time), so every untied vote is worth keeping.
                if (votes > 0 && twice != votes)
                {
                    PackedBits.Set(fusedMask, i, 1);
                }

                if (!reliability.IsEmpty)
                {
                    reliability[i] = (byte)Math.Min(MaxReliability, Math.Abs(twice - votes));
                }
            }

            return worst;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ones);
            CryptographicOperations.ZeroMemory(valid);
            CryptographicOperations.ZeroMemory(rotatedBits);
            CryptographicOperations.ZeroMemory(rotatedMask);
            CryptographicOperations.ZeroMemory(bestBits);
            CryptographicOperations.ZeroMemory(bestMask);
        }
    }

    private static void Count(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> mask, Span<byte> ones, Span<byte> valid)
    {
        for (int i = 0; i < BinaryFuzzyCommitment.TemplateBits; i++)
        {
            int isValid = PackedBits.Get(mask, i);
            valid[i] += (byte)isValid;
            ones[i] += (byte)(isValid & PackedBits.Get(bits, i));
        }
    }

    internal static double MaskedFraction(ReadOnlySpan<byte> mask)
    {
        int valid = 0;
        foreach (byte b in mask)
        {
            valid += BitOperations.PopCount(b);
        }

        return 1.0 - ((double)valid / BinaryFuzzyCommitment.TemplateBits);
    }
}
