// References:
//   RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, §3.2.2.3 — https://www.rfc-editor.org/rfc/rfc8785

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Primitives.Canonicalization;

/// <summary>Numbers and the leaf values of <see cref="JsonNode"/> trees built from CLR values.</summary>
internal ref partial struct JcsWriter
{
    // Integers of at most 15 digits are below 2^53, so their JSON text already is their canonical form.
    private const int ExactIntegerDigits = 15;

    /// <summary>
    /// Writes a <see cref="JsonValue"/>: JsonElement-backed values (parsed trees) through the raw-text path, values
    /// created from CLR primitives directly, and anything else by serializing it with System.Text.Json first.
    /// </summary>
    private bool WriteValue(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return WriteElement(element);
        }

        if (value.TryGetValue(out string? text))
        {
            return WriteString(text);
        }

        if (value.TryGetValue(out bool flag))
        {
            return WriteRaw(flag ? "true"u8 : "false"u8);
        }

        if (value.TryGetValue(out double d))
        {
            return WriteNumber(d);
        }

        if (value.TryGetValue(out int i))
        {
            return WriteNumber(i);
        }

        if (value.TryGetValue(out long l))
        {
            return WriteNumber(l); // Beyond 2^53 this rounds to the nearest double, as RFC 8785 reads every number.
        }

        if (value.TryGetValue(out decimal m))
        {
            return WriteDecimal(m);
        }

        if (value.TryGetValue(out float f))
        {
            return WriteNumber(f);
        }

        return WriteSerialized(value);
    }

    /// <summary>Writes a number token from raw JSON text, reading it as an IEEE-754 double.</summary>
    private bool WriteRawNumber(ReadOnlySpan<byte> raw)
    {
        if (IsExactInteger(raw))
        {
            return WriteRaw(raw);
        }

        // double.Parse rounds correctly and yields ±Infinity, not an exception, past the double range (1e400).
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            return Fail(
                ErrorCodes.JcsUnrepresentable,
                $"The number {Truncate(Encoding.UTF8.GetString(raw))} is outside the IEEE-754 double range (RFC 8785 §3.2.2.3).");
        }

        return WriteNumber(value);
    }

    private bool WriteNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            return Fail(
                ErrorCodes.JcsUnrepresentable,
                $"{EcmaScriptNumber.Format(value)} has no JSON representation (RFC 8785 §3.2.2.3).");
        }

        Span<char> text = stackalloc char[EcmaScriptNumber.MaxLength];
        bool formatted = EcmaScriptNumber.TryFormat(value, text, out int length);
        System.Diagnostics.Debug.Assert(formatted);
        Ensure(length);
        for (int i = 0; i < length; i++)
        {
            _span[_position + i] = (byte)text[i]; // ECMAScript number text is ASCII.
        }

        _position += length;
        return true;
    }

    /// <summary>Reads a decimal as a double through its exact decimal text, the same rounding as for parsed JSON.</summary>
    private bool WriteDecimal(decimal value)
    {
        Span<char> text = stackalloc char[64];
        bool formatted = value.TryFormat(text, out int length, default, CultureInfo.InvariantCulture);
        System.Diagnostics.Debug.Assert(formatted);
        return WriteNumber(double.Parse(text[..length], NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes a value of any other CLR type (a Guid, a DateTimeOffset, a short, ...) as System.Text.Json serializes it.
    /// </summary>
    private bool WriteSerialized(JsonValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                value.WriteTo(writer);
            }

            using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
            return WriteElement(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // Boundary: a converter's failure (e.g. a NaN float under default options) is this value's outcome.
            return Fail(ErrorCodes.JcsUnrepresentable, $"A JsonValue cannot be serialized to JSON: {e.Message}");
        }
    }

    private static bool IsExactInteger(ReadOnlySpan<byte> raw)
    {
        ReadOnlySpan<byte> digits = raw.Length > 0 && raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.IsEmpty || digits.Length > ExactIntegerDigits || (digits.Length != raw.Length && digits[0] == (byte)'0'))
        {
            return false; // Also "-0", which canonicalizes to "0".
        }

        return !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }
}
