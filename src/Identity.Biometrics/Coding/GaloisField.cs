// References: S. Lin, D. J. Costello, "Error Control Coding", 2nd ed., 2004, ch. 2 (finite fields GF(2^m),
// primitive polynomials, power and log representations); primitive polynomials listed in its Table 2.7.
namespace Identity.Biometrics.Coding;

/// <summary>
/// The finite field GF(2^m), 2 ≤ m ≤ 16, with elements written as integers 0 … 2^m − 1 (bit i is the coefficient of
/// α^i in the polynomial basis) and multiplication through log/antilog tables built from a primitive polynomial.
/// </summary>
/// <remarks>
/// Addition is XOR. α (the element 2) generates the multiplicative group, so every non-zero a equals α^<see cref="Log"/>(a).
/// <threadsafety>Immutable after construction; safe to share between threads.</threadsafety>
/// </remarks>
public sealed class GaloisField
{
    // Index m → a primitive polynomial of degree m, bit i = coefficient of x^i (Lin & Costello, Table 2.7).
    private static readonly int[] s_defaultPolynomials =
    [
        0, 0, 0x7, 0xB, 0x13, 0x25, 0x43, 0x89, 0x11D, 0x211, 0x409, 0x805, 0x1053, 0x201B, 0x4443, 0x8003, 0x1100B,
    ];

    // Invariant: _exp has length 2·Order so that _exp[Log(a) + Log(b)] needs no reduction; _log[0] is unused (-1).
    private readonly int[] _exp;
    private readonly int[] _log;

    /// <summary>Builds GF(2^m) from the given primitive polynomial.</summary>
    /// <param name="m">The extension degree, 2 to 16.</param>
    /// <param name="primitivePolynomial">Bit i is the coefficient of x^i; bit m must be set.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is outside 2 … 16.</exception>
    /// <exception cref="ArgumentException">The polynomial does not have degree m or is not primitive.</exception>
    public GaloisField(int m, int primitivePolynomial)
    {
        if (m < 2 || m > 16)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(m), m, 2, 16);
        }

        if (primitivePolynomial >> m != 1)
        {
            throw Error.Argument_NotPrimitive(nameof(primitivePolynomial), m);
        }

        M = m;
        PrimitivePolynomial = primitivePolynomial;
        Order = (1 << m) - 1;
        _exp = new int[2 * Order];
        _log = new int[Order + 1];
        Array.Fill(_log, -1);

        int element = 1;
        for (int i = 0; i < Order; i++)
        {
            // α has order exactly 2^m − 1 iff no power before α^Order repeats a value (in particular 1).
            if (_log[element] >= 0)
            {
                throw Error.Argument_NotPrimitive(nameof(primitivePolynomial), m);
            }

            _exp[i] = element;
            _exp[i + Order] = element;
            _log[element] = i;
            element <<= 1;
            if ((element >> m) != 0)
            {
                element ^= primitivePolynomial;
            }
        }
    }

    /// <summary>The extension degree m.</summary>
    public int M { get; }

    /// <summary>The primitive polynomial, bit i being the coefficient of x^i.</summary>
    public int PrimitivePolynomial { get; }

    /// <summary>The number of elements, 2^m.</summary>
    public int Size => Order + 1;

    /// <summary>The order of the multiplicative group, 2^m − 1 (the length of a primitive BCH code over this field).</summary>
    public int Order { get; }

    /// <summary>GF(2^m) with this library's default primitive polynomial for <paramref name="m"/>
    /// (for example x^9 + x^4 + 1 for m = 9 and x^11 + x^2 + 1 for m = 11).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is outside 2 … 16.</exception>
    public static GaloisField Create(int m)
    {
        if (m < 2 || m > 16)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(m), m, 2, 16);
        }

        return new GaloisField(m, s_defaultPolynomials[m]);
    }

    /// <summary>a + b (and a − b), which is XOR in characteristic 2.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand is not a field element.</exception>
    public int Add(int a, int b)
    {
        CheckElement(a, nameof(a));
        CheckElement(b, nameof(b));
        return a ^ b;
    }

    /// <summary>a · b.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand is not a field element.</exception>
    public int Multiply(int a, int b)
    {
        CheckElement(a, nameof(a));
        CheckElement(b, nameof(b));
        return MultiplyUnchecked(a, b);
    }

    /// <summary>a / b.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand is not a field element.</exception>
    /// <exception cref="DivideByZeroException"><paramref name="b"/> is zero.</exception>
    public int Divide(int a, int b)
    {
        CheckElement(a, nameof(a));
        CheckElement(b, nameof(b));
        if (b == 0)
        {
            throw new DivideByZeroException("Division by the zero element of GF(2^m).");
        }

        return a == 0 ? 0 : _exp[_log[a] - _log[b] + Order];
    }

    /// <summary>The multiplicative inverse a^−1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="a"/> is not a field element.</exception>
    /// <exception cref="DivideByZeroException"><paramref name="a"/> is zero.</exception>
    public int Inverse(int a) => Divide(1, a);

    /// <summary>a^exponent for any integer exponent (negative exponents need a non-zero a; 0^0 = 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="a"/> is not a field element.</exception>
    /// <exception cref="DivideByZeroException"><paramref name="a"/> is zero and the exponent negative.</exception>
    public int Power(int a, long exponent)
    {
        CheckElement(a, nameof(a));
        if (a == 0)
        {
            return exponent switch
            {
                0 => 1,
                > 0 => 0,
                _ => throw new DivideByZeroException("A negative power of the zero element of GF(2^m)."),
            };
        }

        long e = (long)_log[a] * (exponent % Order) % Order;
        return _exp[e < 0 ? e + Order : e];
    }

    /// <summary>α^i for any integer i.</summary>
    public int Exp(long i)
    {
        long e = i % Order;
        return _exp[e < 0 ? e + Order : e];
    }

    /// <summary>The discrete logarithm base α: the i in 0 … 2^m − 2 with α^i = a.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="a"/> is zero or not a field element.</exception>
    public int Log(int a)
    {
        CheckElement(a, nameof(a));
        if (a == 0)
        {
            throw Error.ArgumentOutOfRange_Range(nameof(a), a, 1, Order);
        }

        return _log[a];
    }

    /// <summary>a · b without range checks, for the decoder's inner loops.</summary>
    internal int MultiplyUnchecked(int a, int b) => a == 0 || b == 0 ? 0 : _exp[_log[a] + _log[b]];

    /// <summary>α^i for 0 ≤ i &lt; 2·Order, without reduction or checks.</summary>
    internal int ExpUnchecked(int i) => _exp[i];

    /// <summary>log_α(a) for a non-zero element, or −1 for zero; no checks.</summary>
    internal int LogUnchecked(int a) => _log[a];

    private void CheckElement(int a, string paramName)
    {
        if ((uint)a > (uint)Order)
        {
            throw Error.ArgumentOutOfRange_Range(paramName, a, 0, Order);
        }
    }
}
