// References: S. Lin, D. J. Costello, "Error Control Coding", 2nd ed., 2004, §6.2 (syndromes, S_2i = S_i^2 for binary
// codes), §6.2–6.3 (Berlekamp–Massey iterative algorithm), §6.6 (Chien search); J. L. Massey, IEEE Trans. Inf. Theory
// 15(1), 1969.
using System.Numerics;
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Biometrics.Coding;

// Bounded-distance decoding: syndromes → error-locator polynomial (Berlekamp–Massey) → its roots (Chien search).
public sealed partial class BchCode
{
    /// <summary>
    /// Corrects up to t bit errors in <paramref name="received"/> and writes the message of the corrected codeword.
    /// </summary>
    /// <param name="received">Exactly <see cref="CodewordBytes"/> bytes; padding bits are ignored.</param>
    /// <param name="message">Receives exactly <see cref="MessageBytes"/> bytes (padding bits zero); cleared on failure.</param>
    /// <returns>
    /// The number of bits corrected (0 … t), or <see cref="ErrorCodes.UncorrectableErrors"/> when no codeword lies within
    /// distance t (the error locator has degree above t, or fewer roots than its degree).
    /// </returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public Result<int> Decode(ReadOnlySpan<byte> received, Span<byte> message)
    {
        CheckLength(received, CodewordBytes, nameof(received));
        CheckLength(message, MessageBytes, nameof(message));
        message.Clear();

        int t = CorrectableErrors;
        var word = new ulong[_words];
        var syndromes = new int[2 * t + 1];
        var locator = new int[2 * t + 1];
        var scratch = new int[2 * (2 * t + 1)];
        var positions = new int[t];
        try
        {
            Load(received, word);
            if (!ComputeSyndromes(word, syndromes))
            {
                WriteMessage(word, message);
                return 0;
            }

            int degree = FindErrorLocator(syndromes, locator, scratch.AsSpan(0, 2 * t + 1), scratch.AsSpan(2 * t + 1));
            if (degree < 0 || FindErrorPositions(locator, degree, positions) != degree)
            {
                return Uncorrectable();
            }

            foreach (int p in positions.AsSpan(0, degree))
            {
                word[p >> 6] ^= 1UL << (p & 63);
            }

            // Defence in depth: the corrected word must be a codeword, whatever the locator said.
            var remainder = (ulong[])word.Clone();
            ReduceModGenerator(remainder);
            bool isCodeword = remainder.AsSpan().IndexOfAnyExcept(0UL) < 0;
            Array.Clear(remainder);
            if (!isCodeword)
            {
                return Uncorrectable();
            }

            WriteMessage(word, message);
            return degree;
        }
        finally
        {
            // The error pattern is the difference between two captures, and the word carries the key: wipe both.
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(word.AsSpan()));
            Array.Clear(syndromes);
            Array.Clear(locator);
            Array.Clear(scratch);
            Array.Clear(positions);
        }
    }

    /// <summary>Decodes into a new message array (see <see cref="Decode(ReadOnlySpan{byte}, Span{byte})"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="received"/> has the wrong length.</exception>
    public Result<byte[]> Decode(ReadOnlySpan<byte> received)
    {
        var message = new byte[MessageBytes];
        Result<int> result = Decode(received, message);
        return result.IsSuccess ? message : result.Error;
    }

    private static Result<int> Uncorrectable() => Result<int>.Failure(
        ErrorCodes.UncorrectableErrors, "The received word is farther than the code's correcting capability from every codeword.");

    // S_j = r(α^j), j = 1 … 2t; only odd j are evaluated since S_2j = S_j^2 over GF(2). Returns false when all are zero.
    private bool ComputeSyndromes(ReadOnlySpan<ulong> word, Span<int> syndromes)
    {
        int n = Length;
        int t = CorrectableErrors;
        for (int w = 0; w < word.Length; w++)
        {
            ulong bits = word[w];
            while (bits != 0)
            {
                int p = (w << 6) + BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                int exponent = p;
                int step = (int)(2L * p % n);
                for (int j = 1; j <= 2 * t; j += 2)
                {
                    syndromes[j] ^= Field.ExpUnchecked(exponent);
                    exponent += step;
                    if (exponent >= n)
                    {
                        exponent -= n;
                    }
                }
            }
        }

        bool any = false;
        for (int j = 1; j <= 2 * t; j++)
        {
            if ((j & 1) == 0)
            {
                syndromes[j] = Field.MultiplyUnchecked(syndromes[j >> 1], syndromes[j >> 1]);
            }

            any |= syndromes[j] != 0;
        }

        return any;
    }

    // Berlekamp–Massey: the shortest LFSR Λ(x) generating S_1 … S_2t. Returns deg Λ, or −1 when its length L
    // exceeds t or deg Λ ≠ L (either means more than t errors).
    private int FindErrorLocator(ReadOnlySpan<int> syndromes, Span<int> locator, Span<int> previous, Span<int> saved)
    {
        int t = CorrectableErrors;
        int size = 2 * t + 1;
        locator.Clear();
        previous.Clear();
        locator[0] = 1;
        previous[0] = 1;
        int length = 0;
        int shift = 1;
        int previousDiscrepancy = 1;
        for (int r = 0; r < 2 * t; r++)
        {
            // For binary codes (S_2j = S_j^2) every discrepancy at odd r is zero (Lin & Costello §6.2), so skip it.
            if ((r & 1) == 1)
            {
                shift++;
                continue;
            }

            int discrepancy = syndromes[r + 1];
            for (int i = 1; i <= length; i++)
            {
                discrepancy ^= Field.MultiplyUnchecked(locator[i], syndromes[r + 1 - i]);
            }

            if (discrepancy == 0)
            {
                shift++;
                continue;
            }

            // Λ ← Λ − (d / b)·x^shift·B, with the factor's log precomputed.
            int factorLog = Field.LogUnchecked(discrepancy) - Field.LogUnchecked(previousDiscrepancy) + Field.Order;
            bool lengthens = 2 * length <= r;
            if (lengthens)
            {
                locator.CopyTo(saved);
            }

            for (int i = 0; i + shift < size; i++)
            {
                if (previous[i] != 0)
                {
                    int log = factorLog + Field.LogUnchecked(previous[i]);
                    locator[i + shift] ^= Field.ExpUnchecked(log >= 2 * Field.Order ? log - Field.Order : log);
                }
            }

            if (lengthens)
            {
                length = r + 1 - length;
                if (length > t)
                {
                    return -1;
                }

                saved.CopyTo(previous);
                previousDiscrepancy = discrepancy;
                shift = 1;
            }
            else
            {
                shift++;
            }
        }

        int degree = size - 1;
        while (degree > 0 && locator[degree] == 0)
        {
            degree--;
        }

        return degree == length ? degree : -1;
    }

    // Chien search: p is an error position iff Λ(α^−p) = 0. Stops once deg Λ roots are found (there can be no more).
    private int FindErrorPositions(ReadOnlySpan<int> locator, int degree, Span<int> positions)
    {
        int n = Length;
        int[] termLogs = new int[degree + 1];
        int[] termPowers = new int[degree + 1];
        int terms = 0;
        for (int j = 0; j <= degree; j++)
        {
            if (locator[j] != 0)
            {
                termLogs[terms] = Field.LogUnchecked(locator[j]);
                termPowers[terms] = j % n;
                terms++;
            }
        }

        int found = 0;
        try
        {
            for (int p = 0; p < n && found < degree; p++)
            {
                int sum = 0;
                for (int j = 0; j < terms; j++)
                {
                    sum ^= Field.ExpUnchecked(termLogs[j]);
                    int next = termLogs[j] - termPowers[j];
                    termLogs[j] = next < 0 ? next + n : next;
                }

                if (sum == 0)
                {
                    positions[found++] = p;
                }
            }

            return found;
        }
        finally
        {
            Array.Clear(termLogs);
        }
    }

    private void WriteMessage(ReadOnlySpan<ulong> word, Span<byte> message)
    {
        for (int j = 0; j < Dimension; j++)
        {
            int i = ParityBits + j;
            PackedBits.Set(message, j, (int)((word[i >> 6] >> (i & 63)) & 1));
        }
    }
}
