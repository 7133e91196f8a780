// References: C2SP tlog-tiles (Merkle Tree tiles, partial tiles, entry bundles) — https://c2sp.org/tlog-tiles

using System.Globalization;
using System.Text;

namespace Identity.Primitives.TransparencyLog;

/// <summary>
/// A C2SP tlog-tiles resource below <c>tile/</c>: a hash tile <c>&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> or an entry
/// bundle <c>entries/&lt;N&gt;[.p/&lt;W&gt;]</c>. <c>N</c> is written in 3-digit groups, all but the last prefixed
/// with <c>x</c> (1234067 → <c>x001/x234/067</c>); <c>W</c> is 1–255 for a partial tile and 256 for a full one.
/// </summary>
/// <param name="Level">The tile level (0–63); null for an entry bundle.</param>
/// <param name="Index">The tile's index within its level.</param>
/// <param name="Width">The number of hashes or entries: 256 for a full tile.</param>
public readonly record struct TilePath(int? Level, long Index, int Width)
{
    /// <summary>Hashes (or entries) in a full tile.</summary>
    public const int FullWidth = 256;

    /// <summary>Tree levels a tile spans.</summary>
    public const int Height = 8;

    /// <summary>Whether this is an entry bundle rather than a hash tile.</summary>
    public bool IsEntries => Level is null;

    /// <summary>Whether this is a partial tile (<c>.p/W</c>).</summary>
    public bool IsPartial => Width < FullWidth;

    /// <summary>The path below <c>tile/</c>, e.g. <c>0/x001/234.p/7</c> or <c>entries/000</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Level is { } level ? level.ToString(CultureInfo.InvariantCulture) : "entries");
        string digits = Index.ToString(CultureInfo.InvariantCulture);
        digits = digits.PadLeft((digits.Length + 2) / 3 * 3, '0');
        for (int i = 0; i < digits.Length; i += 3)
        {
            text.Append(i + 3 < digits.Length ? "/x" : "/").Append(digits, i, 3);
        }

        return IsPartial ? text.Append(".p/").Append(Width.ToString(CultureInfo.InvariantCulture)).ToString() : text.ToString();
    }

    /// <summary>Parses a path below <c>tile/</c>, accepting only the canonical spelling <see cref="ToString"/> writes.</summary>
    public static bool TryParse(string? path, out TilePath tile)
    {
        tile = default;
        if (path is null || path.Length > 64)
        {
            return false;
        }

        var parts = path.Split('/');
        if (parts.Length < 2)
        {
            return false;
        }

        int? level = null;
        if (parts[0] != "entries")
        {
            if (!TryDecimal(parts[0], 63, out long l))
            {
                return false;
            }

            level = (int)l;
        }

        int width = FullWidth;
        int last = parts.Length - 1;
        if (parts.Length >= 3 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryDecimal(parts[^1], FullWidth - 1, out long w) || w == 0)
            {
                return false;
            }

            width = (int)w;
            parts[^2] = parts[^2][..^2];
            last = parts.Length - 2;
        }

        long index = 0;
        for (int i = 1; i <= last; i++)
        {
            string group = i < last ? (parts[i].StartsWith('x') ? parts[i][1..] : "") : parts[i];
            if (group.Length != 3 || !group.All(char.IsAsciiDigit) || index > (long.MaxValue - 999) / 1000)
            {
                return false;
            }

            index = (index * 1000) + int.Parse(group, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        var parsed = new TilePath(level, index, width);
        if (parsed.ToString() != path)
        {
            return false;
        }

        tile = parsed;
        return true;
    }

    private static bool TryDecimal(string text, long max, out long value)
    {
        value = 0;
        return text.Length is > 0 and <= 3 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0')
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max;
    }
}
