using System.Text.Json.Nodes;

namespace Identity.Credentials.Tests.Canonicalization;

/// <summary>
/// Deterministic random JSON for the differential test: doubles across the whole range and near the layout
/// thresholds, strings with every escape class, and nested objects whose keys sort differently by UTF-16 code unit
/// than by code point. Never a lone surrogate, a duplicate key or a non-finite number, which have no canonical form.
/// </summary>
public sealed partial class JcsDifferentialTests
{
    private const int MaxDepth = 6;

    // Keys chosen to stress ordering: ASCII case and digits, Latin-1, BMP above the surrogates (U+E000, U+FB33,
    // U+FFFF) against astral characters whose leading surrogate (D800–DBFF) sorts first by code unit.
    private static readonly string[] s_keys =
    [
        "", "a", "A", "b", "aa", "ab", "1", "10", "2", "_", "-", "/", "\"", "\\", "\n", "\u0000", "\u001f", "\u007f",
        "é", "ö", "€", "\u2028", "\uE000", "\uFB33", "\uFFFE", "\uFFFF", "\U00010000", "\U0001F600", "\U0001F602",
        "\U0010FFFF", "peach", "péché", "pêche", "sin", "@context", "id", "type", "credentialSubject",
    ];

    private static readonly double[] s_thresholds = [0d, 1e-7, 1e-6, 1e20, 1e21, 1e22, 9007199254740992d, 1.7976931348623157e308, 5e-324];

    /// <summary>Counts the JSON values (scalars and containers) generated so far.</summary>
    private int _values;

    private JsonNode? NextDocument(Random random, int index) => (index % 10) switch
    {
        < 4 => NextNumberNode(random),
        < 7 => JsonValue.Create(NextString(random, random.Next(0, 24))),
        _ => NextContainer(random, 0),
    };

    private JsonNode? NextValue(Random random, int depth)
    {
        int roll = random.Next(100);
        int containerChance = depth >= MaxDepth ? 0 : 30 - (depth * 5);
        if (roll < containerChance)
        {
            return NextContainer(random, depth);
        }

        _values++;
        return (roll % 10) switch
        {
            < 4 => NextNumberNode(random),
            < 8 => JsonValue.Create(NextString(random, random.Next(0, 12))),
            8 => random.Next(2) == 0 ? JsonValue.Create(true) : JsonValue.Create(false),
            _ => null,
        };
    }

    private JsonNode NextContainer(Random random, int depth)
    {
        _values++;
        int count = random.Next(0, 7);
        if (random.Next(2) == 0)
        {
            var array = new JsonArray();
            for (int i = 0; i < count; i++)
            {
                array.Add(NextValue(random, depth + 1));
            }

            return array;
        }

        var obj = new JsonObject();
        for (int i = 0; i < count; i++)
        {
            string key = random.Next(10) < 6 ? s_keys[random.Next(s_keys.Length)] : NextString(random, random.Next(0, 6));
            obj[key] = NextValue(random, depth + 1); // Assigning replaces: keys stay unique.
        }

        return obj;
    }

    private JsonValue NextNumberNode(Random random)
    {
        _values++;
        return JsonValue.Create(NextDouble(random));
    }

    private static double NextDouble(Random random)
    {
        double magnitude = random.Next(8) switch
        {
            0 or 1 => RandomBits(random),
            2 => double.Parse($"{random.Next(1, 10)}e{random.Next(-324, 309)}", System.Globalization.CultureInfo.InvariantCulture),
            3 => Nudge(random, s_thresholds[random.Next(s_thresholds.Length)]),
            4 => BitConverter.Int64BitsToDouble(random.NextInt64(0, 0x0010000000000000)), // Zero and subnormals.
            5 => (double)((1L << 53) + random.Next(-2048, 2048)) * (random.Next(4) == 0 ? 1 << random.Next(1, 12) : 1),
            6 => Math.Round(random.NextDouble() * Math.Pow(10, random.Next(0, 10)), random.Next(0, 7)),
            _ => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
        };
        magnitude = double.IsFinite(magnitude) ? magnitude : double.MaxValue; // 9e308 overflows.
        return random.Next(2) == 0 ? magnitude : -magnitude;
    }

    private static double RandomBits(Random random)
    {
        double value;
        do
        {
            value = BitConverter.Int64BitsToDouble(random.NextInt64(0, long.MaxValue));
        }
        while (!double.IsFinite(value));

        return value;
    }

    /// <summary>A value 0–3 ulps either side of <paramref name="value"/>, or a power of ten around it.</summary>
    private static double Nudge(Random random, double value)
    {
        value *= Math.Pow(10, random.Next(-1, 2));
        for (int steps = random.Next(-3, 4); steps != 0; steps -= Math.Sign(steps))
        {
            value = steps > 0 ? Math.BitIncrement(value) : Math.BitDecrement(value);
        }

        return double.IsFinite(value) ? value : double.MaxValue;
    }

    /// <summary>A string of <paramref name="length"/> characters drawn from every escape class; no lone surrogates.</summary>
    private static string NextString(Random random, int length)
    {
        var builder = new System.Text.StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            switch (random.Next(10))
            {
                case 0: builder.Append((char)random.Next(0x00, 0x20)); break; // Control characters.
                case 1: builder.Append("\"\\/\u007f\u2028\u2029"[random.Next(6)]); break;
                case 2: builder.Append((char)random.Next(0x80, 0x800)); break; // Two-byte UTF-8, incl. C1 controls.
                case 3: builder.Append((char)random.Next(0x800, 0xD800)); break;
                case 4: builder.Append((char)random.Next(0xE000, 0x10000)); break; // Up to U+FFFF.
                case 5: builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000))); break; // A surrogate pair.
                default: builder.Append((char)random.Next(0x20, 0x7F)); break;
            }
        }

        return builder.ToString();
    }
}
