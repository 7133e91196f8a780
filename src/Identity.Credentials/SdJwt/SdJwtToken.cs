// References: RFC 9901 (SD-JWT) §4 SD-JWT and SD-JWT+KB formats, https://www.rfc-editor.org/rfc/rfc9901#section-4
using Identity.Credentials.Jose;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// The parts of an SD-JWT in compact form, <c>&lt;issuer JWS&gt;~&lt;disclosure&gt;~…~[&lt;KB-JWT&gt;]</c>: the issuer-signed JWS
/// (structurally checked), the disclosures as presented, and the Key Binding JWT when there is one.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record SdJwtToken
{
    /// <summary>The default limit on an SD-JWT's length in characters (256 KiB).</summary>
    public const int DefaultMaxLength = 256 * 1024;

    public required CompactJws IssuerJwt { get; init; }

    public required IReadOnlyList<string> Disclosures { get; init; }

    /// <summary>The Key Binding JWT text, or null when the SD-JWT ends with <c>~</c>.</summary>
    public string? KeyBindingJwt { get; init; }

    /// <summary>The text the Key Binding JWT's <c>sd_hash</c> covers: everything up to and including the last <c>~</c>.</summary>
    public required string WithoutKeyBinding { get; init; }

    /// <summary>True when <paramref name="text"/> looks like an SD-JWT (it contains a <c>~</c>) rather than a plain JWS.</summary>
    public static bool IsSdJwt(string text) => text is not null && text.Contains('~', StringComparison.Ordinal);

    /// <summary>Splits and structurally checks an SD-JWT; signatures are not verified here.</summary>
    /// <returns>The parts, or <c>tokenTooLarge</c>, <c>malformedJws</c> (no <c>~</c>, an empty disclosure) or the issuer JWS's parse errors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static Result<SdJwtToken> Parse(string text, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > maxLength)
        {
            return new Error(ErrorCodes.TokenTooLarge, $"The SD-JWT has {text.Length} characters; the limit is {maxLength}.");
        }

        int last = text.LastIndexOf('~');
        if (last < 0)
        {
            return new Error(ErrorCodes.MalformedJws, "An SD-JWT is the issuer JWS followed by '~'-separated disclosures; this has no '~'.");
        }

        // One pass over the text: the issuer JWS and each disclosure are cut out of it once, nothing else is copied.
        int first = text.IndexOf('~');
        var disclosures = new List<string>();
        for (int start = first + 1; start <= last;)
        {
            int end = text.IndexOf('~', start);
            if (end == start)
            {
                return new Error(ErrorCodes.MalformedDisclosure, "An SD-JWT has an empty disclosure ('~~').");
            }

            if (disclosures.Count == SdJwtProcessor.MaxDisclosures)
            {
                return new Error(ErrorCodes.MalformedDisclosure, $"An SD-JWT may carry at most {SdJwtProcessor.MaxDisclosures} disclosures.");
            }

            disclosures.Add(text[start..end]);
            start = end + 1;
        }

        var issuer = CompactJws.Parse(text[..first], maxLength);
        if (!issuer.IsSuccess)
        {
            return issuer.Error!;
        }

        string tail = text[(last + 1)..];
        return new SdJwtToken
        {
            IssuerJwt = issuer.Value,
            Disclosures = disclosures,
            KeyBindingJwt = tail.Length == 0 ? null : tail,
            WithoutKeyBinding = text[..(last + 1)],
        };
    }
}
