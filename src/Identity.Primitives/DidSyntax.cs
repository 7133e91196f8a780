// References: W3C Decentralized Identifiers (DIDs) v1.0, §3.1 DID Syntax and §3.2 DID URL Syntax (ABNF),
// https://www.w3.org/TR/did-core/#did-syntax ; RFC 3986 §3.3–3.5 for path, query and fragment.
namespace Identity.Primitives;

/// <summary>Character classes of the DID Core ABNF, shared by <see cref="Did"/> and <see cref="DidUrl"/>.</summary>
internal static class DidSyntax
{
    public const int MaxLength = 4096;

    // method-char = %x61-7A / DIGIT
    public static bool IsMethodChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    // idchar = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded (the "%" is checked by the caller)
    public static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';

    // pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
    public static bool IsPChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'
        || c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '='
        || c is ':' or '@';

    /// <summary>Checks that a '%' at <paramref name="i"/> starts a well-formed pct-encoded triplet.</summary>
    public static bool IsPctEncoded(ReadOnlySpan<char> s, int i) =>
        i + 2 < s.Length && s[i] == '%' && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]);

    /// <summary>Validates <c>*( pchar / "/" [/ "?"] )</c>, the shape shared by path, query and fragment.</summary>
    public static int FindInvalid(ReadOnlySpan<char> s, bool allowQuestionMark)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (!IsPctEncoded(s, i))
                {
                    return i;
                }

                i += 2;
            }
            else if (!(IsPChar(c) || c == '/' || (allowQuestionMark && c == '?')))
            {
                return i;
            }
        }

        return -1;
    }
}
