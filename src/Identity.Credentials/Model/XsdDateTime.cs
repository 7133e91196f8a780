// References:
//   W3C XML Schema Definition Language 1.1 Part 2: Datatypes, §3.3.7 dateTime and §3.4.28 dateTimeStamp
//     — https://www.w3.org/TR/xmlschema11-2/#dateTime
//   W3C Verifiable Credentials Data Model v2.0, §4.9 Validity Period ("Time values that are incorrectly serialized
//     without an offset MUST be interpreted as UTC") — https://www.w3.org/TR/vc-data-model-2.0/#validity-period

using System.Globalization;
using System.Text.RegularExpressions;

namespace Identity.Credentials.Model;

/// <summary>Strict parsing of XML Schema <c>dateTime</c> lexical values, the format of <c>validFrom</c>, <c>validUntil</c>,
/// <c>issuanceDate</c> and <c>expirationDate</c>.</summary>
/// <remarks>
/// <para>Accepted: <c>YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]</c> with real calendar dates, <c>24:00:00</c> as the end of
/// the day, offsets up to ±14:00. A value without an offset is read as UTC, as VC Data Model 2.0 §4.9 requires.</para>
/// <para>Rejected: anything else — a space or missing <c>T</c>, month 13, February 30, a leap second, an offset without a
/// colon, RFC 2822 dates, and years outside 0001–9999 (which <see cref="DateTimeOffset"/> cannot hold). Fractions finer
/// than 100 ns are truncated.</para>
/// <threadsafety>Stateless; safe to call from any thread.</threadsafety>
/// </remarks>
public static partial class XsdDateTime
{
    /// <summary>Parses an XML Schema dateTime.</summary>
    /// <returns>True with the instant (keeping the written offset; UTC when none was written), or false.</returns>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        Match match = text is null ? Match.Empty : Lexical().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int year = int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture);
        int month = Two(match, "month"), day = Two(match, "day");
        int hour = Two(match, "hour"), minute = Two(match, "minute"), second = Two(match, "second");
        string fraction = match.Groups["fraction"].Value;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || minute > 59 || second > 59)
        {
            return false;
        }

        bool endOfDay = hour == 24;
        if (hour > 24 || (endOfDay && (minute != 0 || second != 0 || fraction.Trim('0').Length != 0)))
        {
            return false;
        }

        if (!TryReadOffset(match.Groups["offset"].Value, out TimeSpan offset))
        {
            return false;
        }

        long ticks = new DateTime(year, month, day).Ticks
            + (endOfDay ? TimeSpan.TicksPerDay : (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond))
            + FractionTicks(fraction);
        long utcTicks = ticks - offset.Ticks;
        if (ticks > DateTime.MaxValue.Ticks || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(ticks, offset);
        return true;
    }

    private static int Two(Match match, string group) => int.Parse(match.Groups[group].ValueSpan, CultureInfo.InvariantCulture);

    private static long FractionTicks(string fraction)
    {
        // Invariant: fraction is empty or digits only (the regex); 7 digits are 100 ns ticks, more are truncated.
        string digits = fraction.Length > 7 ? fraction[..7] : fraction.PadRight(7, '0');
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }

    private static bool TryReadOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text.Length == 0 || text == "Z")
        {
            return true;
        }

        int hours = int.Parse(text.AsSpan(1, 2), CultureInfo.InvariantCulture);
        int minutes = int.Parse(text.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (minutes > 59 || hours > 14 || (hours == 14 && minutes != 0))
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        offset = text[0] == '-' ? offset.Negate() : offset;
        return true;
    }

    // Four-digit years only: DateTimeOffset cannot hold the longer and negative years XML Schema allows.
    [GeneratedRegex(
        @"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})T(?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]+))?(?<offset>Z|[+-][0-9]{2}:[0-9]{2})?\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Lexical();
}
