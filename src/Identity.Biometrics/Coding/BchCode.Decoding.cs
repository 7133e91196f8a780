// References: S. Lin, D. J. Costello, "Error Control Coding", 2nd ed., 2004, §6.2 (syndromes as remainders modulo the
// minimal polynomials, S_2i = S_i^2 for binary codes), §6.2–6.3 (Berlekamp–Massey iterative algorithm), §6.6 (Chien
// search); J. L. Massey, "Shift-register synthesis and BCH decoding", IEEE Trans. Inf. Theory 15(1), 1969.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Biometrics.Coding;

// Bounded-distance decoding: syndromes → error-locator polynomial (Berlekamp–Massey) → its roots (Chien search).
// The hot loops run unchecked over tables whose index ranges are invariants stated where the tables are built.
public sealed partial class BchCode
{
    // Invariant: for every coset of roots met by 1 … 2t, _cosetPolynomials[c] is its minimal polynomial (bit i = x^i),
    // _cosetDegrees[c] its degree d and _cosetReduction[c][h] = h(x)·x^d mod m(x) for every byte h.
    private int[] _cosetDegrees = [];
    private int[][] _cosetReduction = [];

    // Invariant: _syndromeCoset[j] is the index of the coset holding j, for j = 1 … 2t.
    private int[] _syndromeCoset = [];

    // Invariant: _expExtended[i] = α^(i mod n) for 0 ≤ i < 2n and 0 for 2n ≤ i ≤ 4n; _logOrZero[a] = log a for a ≠ 0 and
    // ZeroLog = 2n for a = 0. So _expExtended[_logOrZero[a] + _logOrZero[b]] = a·b for every pair, without branches.
    private int[] _expExtended = [];
    private int[] _logOrZero = [];

    // Invariant: the smallest factor n1 > 1 of n with n1 < n, or 1 when n is prime (see FindErrorPositions).
    private int _chienFactor = 1;

    private int ZeroLog => 2 * Length;

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
        int size = 2 * t + 1;
        var word = new ulong[_words];
        int[] scratch = new int[(5 * size) + _cosetDegrees.Length + (2 * Length)];
        Span<int> syndromeLogs = scratch.AsSpan(0, size);
        Span<int> locator = scratch.AsSpan(size, size);
        Span<int> previousLogs = scratch.AsSpan(2 * size, size);
        Span<int> saved = scratch.AsSpan(3 * size, size);
        Span<int> positions = scratch.AsSpan(4 * size, t);
        Span<int> remainders = scratch.AsSpan(5 * size, _cosetDegrees.Length);
        Span<int> values = scratch.AsSpan((5 * size) + _cosetDegrees.Length, Length);
        Span<int> partial = scratch.AsSpan((5 * size) + _cosetDegrees.Length + Length, Length);
        try
        {
            Load(received, word);
            if (!ComputeSyndromes(word, remainders, syndromeLogs))
            {
                WriteMessage(word, message);
                return 0;
            }

            int degree = FindErrorLocator(syndromeLogs, locator, previousLogs, saved);
            if (degree < 0 || FindErrorPositions(locator, degree, positions, values, partial) != degree)
            {
                return Uncorrectable();
            }

            foreach (int p in positions[..degree])
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
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(word.AsSpan()));
            Array.Clear(scratch);
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

    // Builds the decoder's tables: minimal polynomials of the root cosets with byte-reduction tables, and the
    // branch-free exp/log tables.
    private void InitialiseDecoder()
    {
        int n = Length;
        int t = CorrectableErrors;
        var cosetOf = new int[n];
        Array.Fill(cosetOf, -1);
        var degrees = new List<int>();
        var reductions = new List<int[]>();
        _syndromeCoset = new int[2 * t + 1];
        for (int j = 1; j <= 2 * t; j++)
        {
            if (cosetOf[j] < 0)
            {
                // The coset {j·2^i mod n} and its minimal polynomial Π (x + α^e), which has binary coefficients.
                var members = new List<int>();
                for (int e = j; cosetOf[e] < 0; e = (int)(2L * e % n))
                {
                    cosetOf[e] = degrees.Count;
                    members.Add(e);
                }

                var poly = new int[members.Count + 1];
                poly[0] = 1;
                int degree = 0;
                foreach (int e in members)
                {
                    int root = Field.ExpUnchecked(e);
                    degree++;
                    for (int i = degree; i > 0; i--)
                    {
                        poly[i] = poly[i - 1] ^ Field.MultiplyUnchecked(poly[i], root);
                    }

                    poly[0] = Field.MultiplyUnchecked(poly[0], root);
                }

                int bits = 0;
                for (int i = 0; i <= degree; i++)
                {
                    if (poly[i] > 1)
                    {
                        throw new InvalidOperationException("A minimal polynomial has a non-binary coefficient.");
                    }

                    bits |= poly[i] << i;
                }

                degrees.Add(degree);
                reductions.Add(ByteReductionTable(bits, degree));
            }

            _syndromeCoset[j] = cosetOf[j];
        }

        _cosetDegrees = [.. degrees];
        _cosetReduction = [.. reductions];
        _expExtended = new int[(4 * n) + 1];
        for (int i = 0; i < 2 * n; i++)
        {
            _expExtended[i] = Field.ExpUnchecked(i % n);
        }

        for (int f = 2; f * f <= n; f++)
        {
            if (n % f == 0)
            {
                _chienFactor = f;
                break;
            }
        }

        _logOrZero = new int[n + 1];
        _logOrZero[0] = 2 * n;
        for (int a = 1; a <= n; a++)
        {
            _logOrZero[a] = Field.LogUnchecked(a);
        }
    }

    // table[h] = h(x)·x^d mod m(x), for the byte-at-a-time Horner reduction in ComputeSyndromes.
    private static int[] ByteReductionTable(int minimalPolynomial, int degree)
    {
        var table = new int[256];
        for (int h = 0; h < 256; h++)
        {
            int value = h << degree;
            for (int bit = degree + 7; bit >= degree; bit--)
            {
                if (((value >> bit) & 1) != 0)
                {
                    value ^= minimalPolynomial << (bit - degree);
                }
            }

            table[h] = value;
        }

        return table;
    }

    // S_j = r(α^j) = (r mod m_j)(α^j), j = 1 … 2t: r mod m_j by Horner over bytes (high degree first), then ≤ m terms.
    // Writes log S_j (ZeroLog for 0). Returns false when every syndrome is zero.
    private bool ComputeSyndromes(ReadOnlySpan<ulong> word, Span<int> remainders, Span<int> syndromeLogs)
    {
        unchecked
        {
            ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(word);
            int top = CodewordBytes - 1;
            int c = 0;

            // Four cosets at a time: each remainder is a serial chain, so interleaving them keeps the core busy.
            for (; c + 3 < _cosetDegrees.Length; c += 4)
            {
                int d0 = _cosetDegrees[c], d1 = _cosetDegrees[c + 1], d2 = _cosetDegrees[c + 2], d3 = _cosetDegrees[c + 3];
                int l0 = (1 << d0) - 1, l1 = (1 << d1) - 1, l2 = (1 << d2) - 1, l3 = (1 << d3) - 1;
                ref int t0 = ref MemoryMarshal.GetArrayDataReference(_cosetReduction[c]);
                ref int t1 = ref MemoryMarshal.GetArrayDataReference(_cosetReduction[c + 1]);
                ref int t2 = ref MemoryMarshal.GetArrayDataReference(_cosetReduction[c + 2]);
                ref int t3 = ref MemoryMarshal.GetArrayDataReference(_cosetReduction[c + 3]);
                int r0 = 0, r1 = 0, r2 = 0, r3 = 0;
                for (int b = top; b >= 0; b--)
                {
                    int next = bytes[b];
                    int v0 = (r0 << 8) | next, v1 = (r1 << 8) | next, v2 = (r2 << 8) | next, v3 = (r3 << 8) | next;
                    r0 = (v0 & l0) ^ Unsafe.Add(ref t0, v0 >> d0);
                    r1 = (v1 & l1) ^ Unsafe.Add(ref t1, v1 >> d1);
                    r2 = (v2 & l2) ^ Unsafe.Add(ref t2, v2 >> d2);
                    r3 = (v3 & l3) ^ Unsafe.Add(ref t3, v3 >> d3);
                }

                remainders[c] = r0;
                remainders[c + 1] = r1;
                remainders[c + 2] = r2;
                remainders[c + 3] = r3;
            }

            for (; c < _cosetDegrees.Length; c++)
            {
                int degree = _cosetDegrees[c];
                int low = (1 << degree) - 1;
                ref int table = ref MemoryMarshal.GetArrayDataReference(_cosetReduction[c]);
                int rem = 0;
                for (int b = top; b >= 0; b--)
                {
                    int v = (rem << 8) | bytes[b];
                    rem = (v & low) ^ Unsafe.Add(ref table, v >> degree);
                }

                remainders[c] = rem;
            }

            int n = Length;
            bool any = false;
            ref int exp = ref MemoryMarshal.GetArrayDataReference(_expExtended);
            ref int log = ref MemoryMarshal.GetArrayDataReference(_logOrZero);
            syndromeLogs[0] = 0;
            for (int j = 1; j < syndromeLogs.Length; j++)
            {
                int s;
                if ((j & 1) == 0)
                {
                    int half = syndromeLogs[j >> 1];
                    s = Unsafe.Add(ref exp, half + half);
                }
                else
                {
                    s = 0;
                    int rem = remainders[_syndromeCoset[j]];
                    int exponent = 0;
                    while (rem != 0)
                    {
                        if ((rem & 1) != 0)
                        {
                            s ^= Unsafe.Add(ref exp, exponent);
                        }

                        rem >>= 1;
                        exponent += j;
                        if (exponent >= n)
                        {
                            exponent -= n;
                        }
                    }
                }

                any |= s != 0;
                syndromeLogs[j] = Unsafe.Add(ref log, s);
            }

            return any;
        }
    }

    // Berlekamp–Massey: the shortest LFSR Λ(x) generating S_1 … S_2t. Returns deg Λ, or −1 when its length L
    // exceeds t or deg Λ ≠ L (either means more than t errors). B(x) is kept as logs so its update has no branches.
    private int FindErrorLocator(ReadOnlySpan<int> syndromeLogs, Span<int> locator, Span<int> previousLogs, Span<int> saved)
    {
        unchecked
        {
            int n = Length;
            int t = CorrectableErrors;
            int size = 2 * t + 1;
            int zero = ZeroLog;
            ref int exp = ref MemoryMarshal.GetArrayDataReference(_expExtended);
            ref int log = ref MemoryMarshal.GetArrayDataReference(_logOrZero);
            locator.Clear();
            previousLogs.Fill(zero);
            locator[0] = 1;
            previousLogs[0] = 0;
            int previousDegree = 0;
            int length = 0;
            int shift = 1;
            int previousDiscrepancyLog = 0;
            for (int r = 0; r < 2 * t; r += 2)
            {
                // For binary codes (S_2j = S_j^2) every discrepancy at odd r is zero (Lin & Costello §6.2): step by two.
                int discrepancy = 0;
                for (int i = 0; i <= length; i++)
                {
                    discrepancy ^= Unsafe.Add(ref exp, Unsafe.Add(ref log, locator[i]) + syndromeLogs[r + 1 - i]);
                }

                if (discrepancy == 0)
                {
                    shift += 2;
                    continue;
                }

                // Λ ← Λ − (d / b)·x^shift·B.
                int factorLog = Unsafe.Add(ref log, discrepancy) - previousDiscrepancyLog;
                if (factorLog < 0)
                {
                    factorLog += n;
                }

                bool lengthens = 2 * length <= r;
                int oldDegree = length;
                if (lengthens)
                {
                    locator[..(length + 1)].CopyTo(saved);
                }

                int last = Math.Min(previousDegree, size - 1 - shift);
                for (int i = 0; i <= last; i++)
                {
                    locator[i + shift] ^= Unsafe.Add(ref exp, factorLog + previousLogs[i]);
                }

                if (lengthens)
                {
                    length = r + 1 - length;
                    if (length > t)
                    {
                        return -1;
                    }

                    previousLogs.Fill(zero);
                    for (int i = 0; i <= oldDegree; i++)
                    {
                        previousLogs[i] = Unsafe.Add(ref log, saved[i]);
                    }

                    previousDegree = oldDegree;
                    previousDiscrepancyLog = Unsafe.Add(ref log, discrepancy);
                    shift = 2;
                }
                else
                {
                    shift += 2;
                }
            }

            int degree = size - 1;
            while (degree > 0 && locator[degree] == 0)
            {
                degree--;
            }

            return degree == length ? degree : -1;
        }
    }

    // Chien search, p is an error position iff Λ(α^−p) = 0, evaluated at all n points at once as a two-stage
    // Cooley–Tukey transform over n = n1·n2 (2047 = 23·89, 511 = 7·73): with j = j1 + n1·j2 and p = p2 + n2·p1,
    //   Y[j1][p2] = Σ_j2 Λ_(j1 + n1·j2) α^(−n1·j2·p2)   and   Λ(α^−p) = Σ_j1 Y[j1][p2] α^(−j1·p2) α^(−n2·j1·p1).
    // Only the deg Λ + 1 ≤ t + 1 coefficients are non-zero, so the first stage costs (t + 1)·n2 and the second n·n1
    // products, against (t + 1)·n for the term-by-term search. For a prime n, n1 = 1 and this is the plain search.
    private int FindErrorPositions(ReadOnlySpan<int> locator, int degree, Span<int> positions, Span<int> values, Span<int> partial)
    {
        unchecked
        {
            int n = Length;
            int n1 = _chienFactor;
            int n2 = n / n1;
            ref int exp = ref MemoryMarshal.GetArrayDataReference(_expExtended);
            ref int log = ref MemoryMarshal.GetArrayDataReference(_logOrZero);
            partial.Clear();
            values.Clear();
            ref int y = ref MemoryMarshal.GetReference(partial);
            ref int x = ref MemoryMarshal.GetReference(values);
            for (int j = 0; j <= degree; j++)
            {
                int coefficient = locator[j];
                if (coefficient == 0)
                {
                    continue;
                }

                int j1 = j % n1;
                int step = (int)((long)n1 * (j / n1) % n);
                int e = Unsafe.Add(ref log, coefficient);
                ref int row = ref Unsafe.Add(ref y, j1 * n2);
                for (int p2 = 0; p2 < n2; p2++)
                {
                    Unsafe.Add(ref row, p2) ^= Unsafe.Add(ref exp, e);
                    e -= step;
                    e += (e >> 31) & n;
                }
            }

            for (int j1 = 0; j1 < n1; j1++)
            {
                int step = (int)((long)n2 * j1 % n);
                ref int row = ref Unsafe.Add(ref y, j1 * n2);
                int twiddle = 0;
                for (int p2 = 0; p2 < n2; p2++)
                {
                    int value = Unsafe.Add(ref row, p2);
                    if (value != 0)
                    {
                        int e = Unsafe.Add(ref log, value) - twiddle;
                        e += (e >> 31) & n;
                        for (int p1 = 0; p1 < n1; p1++)
                        {
                            Unsafe.Add(ref x, p2 + (n2 * p1)) ^= Unsafe.Add(ref exp, e);
                            e -= step;
                            e += (e >> 31) & n;
                        }
                    }

                    twiddle += j1;
                    if (twiddle >= n)
                    {
                        twiddle -= n;
                    }
                }
            }

            int found = 0;
            for (int p = 0; p < n; p++)
            {
                if (Unsafe.Add(ref x, p) == 0)
                {
                    if (found == degree)
                    {
                        return -1;
                    }

                    positions[found++] = p;
                }
            }

            return found;
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
