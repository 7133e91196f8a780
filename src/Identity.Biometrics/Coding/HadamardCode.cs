// References: F. J. MacWilliams, N. J. A. Sloane, "The Theory of Error-Correcting Codes", 1977, ch. 13 (first-order
// Reed–Muller codes, decoding by the fast Hadamard transform, §13.3); F. Hao, R. Anderson, J. Daugman, "Combining
// crypto with biometrics effectively", IEEE Trans. Computers 55(9), 2006 (Hadamard[64, 7, 32] as the inner code).
namespace Identity.Biometrics.Coding;

/// <summary>
/// The augmented Hadamard code [64, 7, 32] (first-order Reed–Muller RM(1, 6)) with maximum-likelihood soft decoding:
/// a 7-bit symbol s = a + 64·b encodes to the 64 bits c[x] = parity(a AND x) XOR b.
/// </summary>
/// <remarks>
/// Soft decoding takes one signed weight per position: positive for a received 0, negative for a received 1, and
/// 0 for an erasure (a masked bit). An erasure then costs nothing; with only hard decisions it would cost half an
/// error. The decoder correlates the weights with all 128 codewords at once (fast Hadamard transform, 6·64 additions)
/// and picks the best; its margin over the runner-up says how reliable the decision is.
/// <threadsafety>Stateless; safe to use from several threads.</threadsafety>
/// </remarks>
internal static class HadamardCode
{
    /// <summary>Codeword length in bits.</summary>
    public const int Length = 64;

    /// <summary>Message bits per codeword (one symbol of GF(2^7)).</summary>
    public const int SymbolBits = 7;

    /// <summary>Writes the 64 codeword bits of <paramref name="symbol"/> at bit <paramref name="offset"/> of a packed vector.</summary>
    public static void Encode(int symbol, Span<byte> packed, int offset)
    {
        int a = symbol & (Length - 1);
        int b = (symbol >> 6) & 1;
        for (int x = 0; x < Length; x++)
        {
            int bit = (System.Numerics.BitOperations.PopCount((uint)(a & x)) & 1) ^ b;
            PackedBits.Set(packed, offset + x, bit);
        }
    }

    /// <summary>
    /// Maximum-likelihood decoding of 64 soft weights (see the remarks); <paramref name="work"/> is 64 integers of
    /// scratch that receives the correlations. Returns the symbol whose codeword correlates best, its correlation and
    /// the margin over the best other symbol (0 when two tie).
    /// </summary>
    public static int Decode(ReadOnlySpan<int> soft, Span<int> work, out int correlation, out int margin)
    {
        soft[..Length].CopyTo(work);
        for (int half = 1; half < Length; half <<= 1)
        {
            for (int start = 0; start < Length; start += half << 1)
            {
                for (int j = start; j < start + half; j++)
                {
                    int u = work[j];
                    int v = work[j + half];
                    work[j] = u + v;
                    work[j + half] = u - v;
                }
            }
        }

        // work[a] = Σ_x soft[x]·(−1)^parity(a AND x): the correlation with codeword (a, b = 0); (a, 1) has −work[a].
        int best = 0;
        int bestAbs = -1;
        int second = 0;
        for (int a = 0; a < Length; a++)
        {
            int abs = Math.Abs(work[a]);
            if (abs > bestAbs)
            {
                second = Math.Max(second, bestAbs);
                bestAbs = abs;
                best = a;
            }
            else
            {
                second = Math.Max(second, abs);
            }
        }

        correlation = bestAbs;
        margin = bestAbs - second;
        return work[best] < 0 ? best | Length : best;
    }
}
