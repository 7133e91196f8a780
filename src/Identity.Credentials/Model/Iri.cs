// References:
//   RFC 3987, Internationalized Resource Identifiers, §2.2 (absolute-IRI) — https://www.rfc-editor.org/rfc/rfc3987
//   RFC 3986, URI Generic Syntax, §3.1 (scheme) — https://www.rfc-editor.org/rfc/rfc3986

namespace Identity.Credentials.Model;

/// <summary>
/// The absolute-IRI test the VC data model's "MUST be a URL" rules need: a scheme, a colon, and no character an IRI
/// forbids. DIDs, <c>urn:uuid:</c> and <c>data:</c> URLs qualify; relative references and bare strings do not.
/// </summary>
/// <remarks>
/// Deliberately not <see cref="Uri.TryCreate(string, UriKind, out Uri)"/>: it normalizes, accepts some whitespace and
/// treats Unix paths as file URIs. This is a syntactic check only; it never dereferences.
/// </remarks>
internal static class Iri
{
    public static bool IsAbsolute(string? value)
    {
        if (string.IsNullOrEmpty(value) || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !value.AsSpan(1, colon - 1).ContainsOnlySchemeCharacters())
        {
            return false;
        }

        ReadOnlySpan<char> rest = value.AsSpan(colon + 1);
        for (int i = 0; i < rest.Length; i++)
        {
            char c = rest[i];
            if (c <= ' ' || c == 0x7F || c is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`')
            {
                return false;
            }

            if (c == '%' && (i + 2 >= rest.Length || !char.IsAsciiHexDigit(rest[i + 1]) || !char.IsAsciiHexDigit(rest[i + 2])))
            {
                return false;
            }

            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < rest.Length && char.IsLowSurrogate(rest[++i])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContainsOnlySchemeCharacters(this ReadOnlySpan<char> scheme)
    {
        foreach (char c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
