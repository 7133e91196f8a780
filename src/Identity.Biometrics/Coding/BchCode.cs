// References: S. Lin, D. J. Costello, "Error Control Coding", 2nd ed., 2004, ch. 6 (binary BCH codes: generator as the
// LCM of the minimal polynomials of α, α^2, …, α^2t; systematic encoding, §5.3; decoding by syndromes,
// Berlekamp–Massey and Chien search, §6.2–6.6); J. L. Massey, "Shift-register synthesis and BCH decoding",
// IEEE Trans. Inf. Theory 15(1), 1969.
using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Identity.Biometrics.Coding;

/// <summary>
/// A primitive, narrow-sense binary BCH code of length n = 2^m − 1 and designed distance 2t + 1, with systematic
/// encoding and bounded-distance decoding of up to t bit errors.
/// </summary>
/// <remarks>
/// <para>
/// Bits are packed least-significant bit first: bit i of a vector is bit (i mod 8) of byte i / 8, and a vector of
/// n bits takes ⌈n / 8⌉ bytes. In a codeword, bit i is the coefficient of x^i in c(x). The code is systematic:
/// c(x) = x^(n−k)·m(x) + (x^(n−k)·m(x) mod g(x)), so the n − k parity bits sit at positions 0 … n−k−1 and message
/// bit j at position n − k + j.
/// </para>
/// <para>
/// <see cref="Decode(ReadOnlySpan{byte}, Span{byte})"/> either returns the message of a codeword within distance t of
/// the received word, or fails with <see cref="Primitives.ErrorCodes.UncorrectableErrors"/>; it never returns a word that
/// is not a codeword. With more than t errors it may, rarely, succeed with the message of another codeword (a
/// mis-correction), as every bounded-distance decoder can.
/// </para>
/// <threadsafety>Immutable after construction; safe to share between threads. Each decode uses its own scratch memory.</threadsafety>
/// </remarks>
public sealed partial class BchCode
{
    // Invariant: _generatorShifts[s] holds g(x)·x^s packed in 64-bit words (bit b of word w = coefficient of x^(64w+b)).
    private readonly ulong[][] _generatorShifts;
    private readonly int _words;

    /// <summary>Builds the narrow-sense BCH code over <paramref name="field"/> correcting <paramref name="t"/> errors.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="field"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is outside 1 … (n − 1) / 2.</exception>
    public BchCode(GaloisField field, int t)
    {
        ArgumentNullException.ThrowIfNull(field);
        int n = field.Order;
        if (t < 1 || t > (n - 1) / 2)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(t), t, 1, (n - 1) / 2);
        }

        Field = field;
        Length = n;
        CorrectableErrors = t;
        Generator = ComputeGenerator(field, t);
        ParityBits = Generator.Length - 1;
        Dimension = n - ParityBits;
        _words = (n + 63) >> 6;
        _generatorShifts = new ulong[64][];
        for (int s = 0; s < 64; s++)
        {
            var shifted = new ulong[(ParityBits + s + 64) >> 6];
            for (int i = 0; i < Generator.Length; i++)
            {
                if (Generator[i] != 0)
                {
                    shifted[(i + s) >> 6] |= 1UL << ((i + s) & 63);
                }
            }

            _generatorShifts[s] = shifted;
        }

        InitialiseDecoder();
    }

    /// <summary>The field GF(2^m) the code's roots live in.</summary>
    public GaloisField Field { get; }

    /// <summary>The code length n = 2^m − 1 in bits.</summary>
    public int Length { get; }

    /// <summary>The number of message bits k = n − deg g.</summary>
    public int Dimension { get; }

    /// <summary>The number of parity bits n − k, the degree of the generator polynomial.</summary>
    public int ParityBits { get; }

    /// <summary>The designed error-correcting capability t.</summary>
    public int CorrectableErrors { get; }

    /// <summary>The generator polynomial g(x): element i is the coefficient (0 or 1) of x^i.</summary>
    public ImmutableArray<byte> Generator { get; }

    /// <summary>The packed size of a message, ⌈k / 8⌉ bytes.</summary>
    public int MessageBytes => PackedBits.ByteCount(Dimension);

    /// <summary>The packed size of a codeword, ⌈n / 8⌉ bytes.</summary>
    public int CodewordBytes => PackedBits.ByteCount(Length);

    /// <summary>The BCH code of length 2^m − 1 correcting t errors over <see cref="GaloisField.Create(int)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is outside 2 … 16 or <paramref name="t"/> out of range.</exception>
    public static BchCode Create(int m, int t) => new(GaloisField.Create(m), t);

    /// <summary>Encodes a message systematically (see the remarks for the bit layout).</summary>
    /// <param name="message">Exactly <see cref="MessageBytes"/> bytes; the padding bits above bit k − 1 must be zero.</param>
    /// <param name="codeword">Receives exactly <see cref="CodewordBytes"/> bytes; its padding bits are zero.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or the message has padding bits set.</exception>
    public void Encode(ReadOnlySpan<byte> message, Span<byte> codeword)
    {
        CheckLength(message, MessageBytes, nameof(message));
        CheckLength(codeword, CodewordBytes, nameof(codeword));
        if (PackedBits.HasPaddingBits(message, Dimension))
        {
            throw Error.Argument_PaddingBitsSet(nameof(message), Dimension);
        }

        var words = new ulong[_words];
        try
        {
            for (int j = 0; j < Dimension; j++)
            {
                if (PackedBits.Get(message, j) != 0)
                {
                    words[(ParityBits + j) >> 6] |= 1UL << ((ParityBits + j) & 63);
                }
            }

            ReduceModGenerator(words);
            codeword.Clear();
            for (int i = 0; i < ParityBits; i++)
            {
                PackedBits.Set(codeword, i, (int)((words[i >> 6] >> (i & 63)) & 1));
            }

            for (int j = 0; j < Dimension; j++)
            {
                PackedBits.Set(codeword, ParityBits + j, PackedBits.Get(message, j));
            }
        }
        finally
        {
            Array.Clear(words);
        }
    }

    /// <summary>Encodes a message into a new array (see <see cref="Encode(ReadOnlySpan{byte}, Span{byte})"/>).</summary>
    /// <exception cref="ArgumentException">The message has the wrong length or padding bits set.</exception>
    public byte[] Encode(ReadOnlySpan<byte> message)
    {
        var codeword = new byte[CodewordBytes];
        Encode(message, codeword);
        return codeword;
    }

    /// <summary>Whether g(x) divides the word's polynomial, i.e. whether it is a codeword. Padding bits are ignored.</summary>
    /// <exception cref="ArgumentException"><paramref name="word"/> is not <see cref="CodewordBytes"/> bytes long.</exception>
    public bool IsCodeword(ReadOnlySpan<byte> word)
    {
        CheckLength(word, CodewordBytes, nameof(word));
        var words = new ulong[_words];
        try
        {
            Load(word, words);
            ReduceModGenerator(words);
            return words.AsSpan().IndexOfAnyExcept(0UL) < 0;
        }
        finally
        {
            Array.Clear(words);
        }
    }

    // Reads n packed bits into 64-bit words, dropping the padding bits.
    private void Load(ReadOnlySpan<byte> packed, Span<ulong> words)
    {
        Span<byte> chunk = stackalloc byte[8];
        for (int w = 0; w < words.Length; w++)
        {
            chunk.Clear();
            int start = w << 3;
            packed.Slice(start, Math.Min(8, packed.Length - start)).CopyTo(chunk);
            words[w] = BinaryPrimitives.ReadUInt64LittleEndian(chunk);
        }

        chunk.Clear();
        int tail = Length & 63;
        if (tail != 0)
        {
            words[^1] &= (1UL << tail) - 1;
        }
    }

    // Replaces the polynomial in words (degree < n) by its remainder mod g(x), by long division from the top.
    private void ReduceModGenerator(Span<ulong> words)
    {
        for (int i = Length - 1; i >= ParityBits; i--)
        {
            if (((words[i >> 6] >> (i & 63)) & 1) == 0)
            {
                continue;
            }

            int shift = i - ParityBits;
            ulong[] g = _generatorShifts[shift & 63];
            Span<ulong> target = words[(shift >> 6)..];
            int count = Math.Min(g.Length, target.Length);
            for (int w = 0; w < count; w++)
            {
                target[w] ^= g[w];
            }
        }
    }

    private static ImmutableArray<byte> ComputeGenerator(GaloisField field, int t)
    {
        int n = field.Order;

        // The roots of g are the union of the cyclotomic cosets {i·2^j mod n} of i = 1 … 2t.
        var isRoot = new bool[n];
        int rootCount = 0;
        for (int i = 1; i <= 2 * t; i++)
        {
            for (int j = i; !isRoot[j]; j = (int)(2L * j % n))
            {
                isRoot[j] = true;
                rootCount++;
            }
        }

        // g(x) = Π (x + α^e) over the roots; coefficients are computed in GF(2^m) and must land in GF(2).
        var g = new int[rootCount + 1];
        g[0] = 1;
        int degree = 0;
        for (int e = 1; e < n; e++)
        {
            if (!isRoot[e])
            {
                continue;
            }

            int root = field.ExpUnchecked(e);
            degree++;
            for (int i = degree; i > 0; i--)
            {
                g[i] = g[i - 1] ^ field.MultiplyUnchecked(g[i], root);
            }

            g[0] = field.MultiplyUnchecked(g[0], root);
        }

        var coefficients = ImmutableArray.CreateBuilder<byte>(g.Length);
        foreach (int c in g)
        {
            // Invariant: a product over whole cyclotomic cosets is fixed by squaring, so it has binary coefficients.
            if (c > 1)
            {
                throw new InvalidOperationException("The BCH generator polynomial has a non-binary coefficient.");
            }

            coefficients.Add((byte)c);
        }

        return coefficients.MoveToImmutable();
    }

    private static void CheckLength(ReadOnlySpan<byte> span, int expected, string paramName)
    {
        if (span.Length != expected)
        {
            throw Error.Argument_Length(paramName, expected, span.Length);
        }
    }
}
