// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, §3.2.2.3 — https://www.rfc-editor.org/rfc/rfc8785
//   ECMA-262, ECMAScript Language Specification, §6.1.6.1.20 Number::toString(x, 10)
//     https://tc39.es/ecma262/#sec-numeric-types-number-tostring

using System.Globalization;

namespace Identity.Primitives.Canonicalization;

/// <summary>
/// Formats IEEE-754 doubles exactly as ECMAScript's <c>Number.prototype.toString()</c> (radix 10) does, which is
/// the number serialization RFC 8785 requires.
/// </summary>
/// <remarks>
/// The shortest round-trip digits come from .NET's <c>"R"</c> format (shortest round-trippable since .NET Core 3.0,
/// choosing the digit string closest to the exact value); only the layout is redone here: integers below 1e21 are
/// written out in full, the decimal point moves for exponents in (-7, 21], and the exponent is written
/// <c>e+XX</c>/<c>e-XX</c>. Negative zero formats as <c>"0"</c>.
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
/// </remarks>
public static class EcmaScriptNumber
{
    /// <summary>The longest output for a finite value, e.g. <c>-0.0000033333333333333333</c>.</summary>
    internal const int MaxLength = 26;

    // 2^53: below it every integer is exact, so its decimal digits are also its shortest round-trip digits.
    private const double ExactIntegerLimit = 9007199254740992d;

    /// <summary>Formats <paramref name="value"/> as ECMAScript <c>Number::toString(value, 10)</c>.</summary>
    /// <returns>The text, e.g. <c>"1e+21"</c>, <c>"0.000001"</c>; <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c> for non-finite values.</returns>
    public static string Format(double value)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        bool formatted = TryFormat(value, buffer, out int written);
        System.Diagnostics.Debug.Assert(formatted, "MaxLength covers every double.");
        return new string(buffer[..written]);
    }

    /// <summary>Formats <paramref name="value"/> into <paramref name="destination"/>.</summary>
    /// <returns>False, with <paramref name="written"/> = 0, when <paramref name="destination"/> is too small (26 chars always suffice).</returns>
    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        if (!double.IsFinite(value))
        {
            return TryCopy(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", destination, out written);
        }

        if (value == 0d)
        {
            return TryCopy("0", destination, out written); // +0 and -0 alike.
        }

        double magnitude = Math.Abs(value);
        if (magnitude < ExactIntegerLimit && magnitude == Math.Floor(magnitude))
        {
            return ((long)value).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        }

        Span<char> digits = stackalloc char[32];
        int count = Decompose(magnitude, digits, out int n);
        return TryLayout(value < 0, digits[..count], n, destination, out written);
    }

    /// <summary>
    /// Splits a positive finite value into its shortest digits d1..dk (no leading or trailing zeros) and the ECMAScript
    /// exponent n, such that value = 0.d1..dk × 10^n.
    /// </summary>
    private static int Decompose(double magnitude, Span<char> digits, out int n)
    {
        Span<char> text = stackalloc char[32];
        bool formatted = magnitude.TryFormat(text, out int length, "R", CultureInfo.InvariantCulture);
        System.Diagnostics.Debug.Assert(formatted);
        text = text[..length];

        int exponentAt = text.IndexOf('E');
        ReadOnlySpan<char> mantissa = exponentAt < 0 ? text : text[..exponentAt];
        int exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        int count = 0;
        int integerDigits = -1;
        foreach (char c in mantissa)
        {
            if (c == '.')
            {
                integerDigits = count;
            }
            else if (count > 0 || c != '0')
            {
                digits[count++] = c;
            }
            else if (integerDigits >= 0)
            {
                exponent--; // A leading zero after the point, as in 0.0001.
            }
        }

        // Invariant: mantissa has no leading zeros before the point other than a lone "0" (which adds no digit).
        if (integerDigits < 0)
        {
            integerDigits = count;
        }

        n = integerDigits + exponent;
        while (digits[count - 1] == '0')
        {
            count--;
        }

        return count;
    }

    /// <summary>Lays out digits per ECMA-262 Number::toString steps 6–10.</summary>
    private static bool TryLayout(bool negative, ReadOnlySpan<char> digits, int n, Span<char> destination, out int written)
    {
        int k = digits.Length;
        var builder = new CharWriter(destination);
        if (negative)
        {
            builder.Append('-');
        }

        if (k <= n && n <= 21)
        {
            builder.Append(digits);
            builder.Repeat('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            builder.Append(digits[..n]);
            builder.Append('.');
            builder.Append(digits[n..]);
        }
        else if (-6 < n && n <= 0)
        {
            builder.Append("0.");
            builder.Repeat('0', -n);
            builder.Append(digits);
        }
        else
        {
            builder.Append(digits[0]);
            if (k > 1)
            {
                builder.Append('.');
                builder.Append(digits[1..]);
            }

            int e = n - 1;
            builder.Append(e < 0 ? "e-" : "e+");
            Span<char> exponentText = stackalloc char[4];
            bool formatted = Math.Abs(e).TryFormat(exponentText, out int exponentLength, default, CultureInfo.InvariantCulture);
            System.Diagnostics.Debug.Assert(formatted);
            builder.Append(exponentText[..exponentLength]);
        }

        written = builder.Overflowed ? 0 : builder.Length;
        return !builder.Overflowed;
    }

    private static bool TryCopy(string text, Span<char> destination, out int written)
    {
        bool fits = text.AsSpan().TryCopyTo(destination);
        written = fits ? text.Length : 0;
        return fits;
    }

    /// <summary>Appends into a fixed span and remembers, rather than throws, when it runs out of room.</summary>
    private ref struct CharWriter(Span<char> destination)
    {
        private readonly Span<char> _destination = destination;

        public int Length { get; private set; }

        public bool Overflowed { get; private set; }

        public void Append(char c) => Append([c]);

        public void Append(scoped ReadOnlySpan<char> text)
        {
            if (Overflowed || !text.TryCopyTo(_destination[Length..]))
            {
                Overflowed = true;
                return;
            }

            Length += text.Length;
        }

        public void Repeat(char c, int count)
        {
            if (Overflowed || count > _destination.Length - Length)
            {
                Overflowed = true;
                return;
            }

            _destination.Slice(Length, count).Fill(c);
            Length += count;
        }
    }
}
