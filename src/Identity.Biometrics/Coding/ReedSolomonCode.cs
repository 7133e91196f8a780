// References: R. E. Blahut, "Algebraic Codes for Data Transmission", 2003, §7.3–7.6 (Berlekamp–Massey with erasures:
// the locator starts as the erasure locator) and §7.5 (Forney's formula); S. Lin, D. J. Costello, "Error Control
// Coding", 2nd ed., 2004, §7.2–7.5 (Reed–Solomon codes, errors-and-erasures decoding).
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Biometrics.Coding;

/// <summary>
/// A (shortened) Reed–Solomon code RS(n, k) over GF(2^m), n ≤ 2^m − 1, with generator Π (x − α^j) for j = 1 … n − k,
/// systematic encoding and bounded-distance errors-and-erasures decoding: it corrects ν errors and e erasures whenever
/// 2ν + e ≤ n − k.
/// </summary>
/// <remarks>
/// Symbol i of a codeword is the coefficient of x^i; the n − k parity symbols sit at positions 0 … n − k − 1 and
/// message symbol j at position n − k + j. Decoding either returns the message of a codeword within the bound, or
/// fails with <see cref="ErrorCodes.UncorrectableErrors"/>; it never returns a word that is not a codeword.
/// <threadsafety>Immutable after construction; safe to share between threads.</threadsafety>
/// </remarks>
public sealed class ReedSolomonCode
{
    private readonly int[] _generator;

    /// <summary>Builds RS(<paramref name="length"/>, <paramref name="dimension"/>) over <paramref name="field"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The length exceeds 2^m − 1, or the dimension is not between 1 and n − 1.</exception>
    public ReedSolomonCode(GaloisField field, int length, int dimension)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (length < 2 || length > field.Order)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(length), length, 2, field.Order);
        }

        if (dimension < 1 || dimension >= length)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(dimension), dimension, 1, length - 1);
        }

        Field = field;
        Length = length;
        Dimension = dimension;
        int parity = length - dimension;
        _generator = new int[parity + 1];
        _generator[0] = 1;
        for (int j = 1; j <= parity; j++)
        {
            int root = field.Exp(j);
            for (int i = j; i > 0; i--)
            {
                _generator[i] = _generator[i - 1] ^ field.MultiplyUnchecked(_generator[i], root);
            }

            _generator[0] = field.MultiplyUnchecked(_generator[0], root);
        }
    }

    /// <summary>The symbol field.</summary>
    public GaloisField Field { get; }

    /// <summary>The code length n in symbols.</summary>
    public int Length { get; }

    /// <summary>The number of message symbols k.</summary>
    public int Dimension { get; }

    /// <summary>The redundancy n − k: the budget 2·errors + erasures the decoder can spend.</summary>
    public int Redundancy => Length - Dimension;

    /// <summary>Encodes k message symbols (each below 2^m) into n codeword symbols.</summary>
    /// <exception cref="ArgumentException">A span has the wrong length, or a symbol is out of range.</exception>
    public void Encode(ReadOnlySpan<int> message, Span<int> codeword)
    {
        CheckLength(message, Dimension, nameof(message));
        CheckLength(codeword, Length, nameof(codeword));
        int parity = Redundancy;
        codeword.Clear();
        for (int j = 0; j < Dimension; j++)
        {
            if ((uint)message[j] > (uint)Field.Order)
            {
                throw new ArgumentException("A message symbol is outside the field.", nameof(message));
            }

            codeword[parity + j] = message[j];
        }

        // Long division of x^(n−k)·m(x) by the monic g(x); the remainder is the parity.
        Span<int> remainder = stackalloc int[parity];
        remainder.Clear();
        for (int j = Dimension - 1; j >= 0; j--)
        {
            int factor = message[j] ^ remainder[parity - 1];
            for (int i = parity - 1; i > 0; i--)
            {
                remainder[i] = remainder[i - 1] ^ Field.MultiplyUnchecked(factor, _generator[i]);
            }

            remainder[0] = Field.MultiplyUnchecked(factor, _generator[0]);
        }

        remainder.CopyTo(codeword);
        remainder.Clear();
    }

    /// <summary>
    /// Corrects errors and erasures in <paramref name="received"/> and writes the message of the corrected codeword.
    /// </summary>
    /// <param name="received">n symbols; the values at erased positions are ignored.</param>
    /// <param name="erased">n flags: true marks an erasure (a symbol known to be unreliable).</param>
    /// <param name="message">Receives k symbols; cleared on failure.</param>
    /// <returns>
    /// The number of symbols changed, or <see cref="ErrorCodes.UncorrectableErrors"/> when 2·errors + erasures would
    /// exceed n − k (more erasures than n − k, a locator of the wrong degree or with roots outside the code).
    /// </returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public Result<int> Decode(ReadOnlySpan<int> received, ReadOnlySpan<bool> erased, Span<int> message)
    {
        CheckLength(received, Length, nameof(received));
        CheckLength(erased, Length, nameof(erased));
        CheckLength(message, Dimension, nameof(message));
        message.Clear();
        int n = Length;
        int parity = Redundancy;
        int[] scratch = new int[n + (5 * (parity + 1))];
        Span<int> word = scratch.AsSpan(0, n);
        Span<int> syndromes = scratch.AsSpan(n, parity + 1);
        Span<int> locator = scratch.AsSpan(n + parity + 1, parity + 1);
        Span<int> previous = scratch.AsSpan(n + (2 * (parity + 1)), parity + 1);
        Span<int> saved = scratch.AsSpan(n + (3 * (parity + 1)), parity + 1);
        Span<int> evaluator = scratch.AsSpan(n + (4 * (parity + 1)), parity + 1);
        try
        {
            int erasures = 0;
            locator[0] = 1;
            for (int i = 0; i < n; i++)
            {
                word[i] = erased[i] ? 0 : received[i] & Field.Order;
                if (erased[i])
                {
                    erasures++;
                    if (erasures > parity)
                    {
                        return Uncorrectable();
                    }

                    // locator ← locator · (1 − α^i x)
                    MultiplyByLinear(locator, erasures, Field.Exp(i));
                }
            }

            bool clean = ComputeSyndromes(word, syndromes);
            if (clean)
            {
                word[parity..].CopyTo(message);
                return 0;
            }

            int degree = FindLocator(syndromes, locator, previous, saved, erasures);
            if (degree < 0 || 2 * (degree - erasures) + erasures > parity)
            {
                return Uncorrectable();
            }

            // Ω(x) = S(x)·Λ(x) mod x^(n−k), with S(x) = Σ S_j x^(j−1).
            for (int i = 0; i < parity; i++)
            {
                int sum = 0;
                for (int j = 0; j <= Math.Min(i, degree); j++)
                {
                    sum ^= Field.MultiplyUnchecked(locator[j], syndromes[i - j + 1]);
                }

                evaluator[i] = sum;
            }

            int roots = 0;
            for (int i = 0; i < n; i++)
            {
                int inverse = Field.Exp(Field.Order - i);
                if (Evaluate(locator[..(degree + 1)], inverse) != 0)
                {
                    continue;
                }

                // Forney: the value at position i is Ω(X⁻¹) / Λ'(X⁻¹); Λ' keeps the odd terms (characteristic 2).
                int derivative = 0;
                int power = 1;
                int square = Field.MultiplyUnchecked(inverse, inverse);
                for (int j = 1; j <= degree; j += 2)
                {
                    derivative ^= Field.MultiplyUnchecked(locator[j], power);
                    power = Field.MultiplyUnchecked(power, square);
                }

                if (derivative == 0)
                {
                    return Uncorrectable();
                }

                word[i] ^= Field.Divide(Evaluate(evaluator[..parity], inverse), derivative);
                roots++;
            }

            // Defence in depth: the locator must have all its roots inside the (shortened) code, and the result
            // must be a codeword whatever the locator said.
            if (roots != degree || !ComputeSyndromes(word, syndromes))
            {
                return Uncorrectable();
            }

            word[parity..].CopyTo(message);
            int changed = 0;
            for (int i = 0; i < n; i++)
            {
                changed += erased[i] || word[i] != (received[i] & Field.Order) ? 1 : 0;
            }

            return changed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(scratch.AsSpan()));
        }
    }

    private static Result<int> Uncorrectable() => Result<int>.Failure(
        ErrorCodes.UncorrectableErrors, "The received word has more errors and erasures than the code can correct.");

    // S_j = r(α^j) for j = 1 … n − k into syndromes[1 …]; true when all are zero (the word is a codeword).
    private bool ComputeSyndromes(ReadOnlySpan<int> word, Span<int> syndromes)
    {
        bool clean = true;
        for (int j = 1; j < syndromes.Length; j++)
        {
            syndromes[j] = Evaluate(word, Field.Exp(j));
            clean &= syndromes[j] == 0;
        }

        return clean;
    }

    // Berlekamp–Massey started from the erasure locator (Blahut §7.6); returns the locator's degree, −1 when it
    // cannot be a valid locator.
    private int FindLocator(ReadOnlySpan<int> syndromes, Span<int> locator, Span<int> previous, Span<int> saved, int erasures)
    {
        int parity = Redundancy;
        locator.CopyTo(previous);
        int length = erasures;
        for (int r = erasures + 1; r <= parity; r++)
        {
            int discrepancy = 0;
            for (int j = 0; j <= Math.Min(r - 1, parity); j++)
            {
                discrepancy ^= Field.MultiplyUnchecked(locator[j], syndromes[r - j]);
            }

            // previous ← x·previous happens in both branches; shift first, then update.
            for (int j = parity; j > 0; j--)
            {
                previous[j] = previous[j - 1];
            }

            previous[0] = 0;
            if (discrepancy == 0)
            {
                continue;
            }

            locator.CopyTo(saved);
            for (int j = 0; j <= parity; j++)
            {
                locator[j] ^= Field.MultiplyUnchecked(discrepancy, previous[j]);
            }

            if (2 * length <= r + erasures - 1)
            {
                length = r + erasures - length;
                int inverse = Field.Inverse(discrepancy);
                for (int j = 0; j <= parity; j++)
                {
                    previous[j] = Field.MultiplyUnchecked(inverse, saved[j]);
                }
            }
        }

        int degree = parity;
        while (degree > 0 && locator[degree] == 0)
        {
            degree--;
        }

        return degree == length ? degree : -1;
    }

    private void MultiplyByLinear(Span<int> polynomial, int newDegree, int root)
    {
        for (int j = newDegree; j > 0; j--)
        {
            polynomial[j] ^= Field.MultiplyUnchecked(root, polynomial[j - 1]);
        }
    }

    private int Evaluate(ReadOnlySpan<int> coefficients, int x)
    {
        int sum = 0;
        for (int j = coefficients.Length - 1; j >= 0; j--)
        {
            sum = Field.MultiplyUnchecked(sum, x) ^ coefficients[j];
        }

        return sum;
    }

    private static void CheckLength<T>(ReadOnlySpan<T> span, int expected, string paramName)
    {
        if (span.Length != expected)
        {
            throw Error.Argument_Length(paramName, expected, span.Length);
        }
    }
}
