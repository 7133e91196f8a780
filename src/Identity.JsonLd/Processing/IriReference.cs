// References:
//   RFC 3986 Uniform Resource Identifier, §5.2 Relative Resolution (the basic algorithm, no normalization) — https://www.rfc-editor.org/rfc/rfc3986#section-5.2
//   JSON-LD 1.1, §1.7 Syntax Tokens and Keywords — https://www.w3.org/TR/json-ld11/#syntax-tokens-and-keywords

using System.Buffers;
using System.Text;

namespace Identity.JsonLd.Processing;

/// <summary>IRI helpers: keyword tests, absolute-IRI tests and RFC 3986 reference resolution.</summary>
internal static class IriReference
{
    private static readonly HashSet<string> s_keywords = new(StringComparer.Ordinal)
    {
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@graph", "@id", "@import",
        "@included", "@index", "@json", "@language", "@list", "@nest", "@none", "@omitDefault", "@prefix", "@preserve",
        "@protected", "@propagate", "@requireAll", "@reverse", "@set", "@type", "@value", "@version", "@vocab",
    };

    public static bool IsKeyword(string? value) => value is not null && s_keywords.Contains(value);

    /// <summary>True for <c>@</c> followed by one or more ASCII letters (reserved for future keywords).</summary>
    public static bool HasKeywordForm(string value)
    {
        if (value.Length < 2 || value[0] != '@')
        {
            return false;
        }

        for (int i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiLetter(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsBlankNode(string? value) => value is not null && value.StartsWith("_:", StringComparison.Ordinal);

    /// <summary>True when <paramref name="value"/> starts with a scheme (<c>ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"</c>).</summary>
    public static bool IsAbsolute(string? value) => value is not null && SchemeLength(value) > 0;

    /// <summary>An absolute IRI with no characters that an IRI may not contain (spaces, controls, <c>&lt;&gt;"{}|\^`</c>).</summary>
    public static bool IsWellFormed(string? value)
    {
        if (!IsAbsolute(value))
        {
            return false;
        }

        if (value!.IndexOf('#') is int hash and >= 0 && value.IndexOf('#', hash + 1) >= 0)
        {
            return false;
        }

        return value.AsSpan().IndexOfAny(s_notInIri) < 0;
    }

    // Controls and space (U+0000–U+0020, U+007F–U+009F) and <>"{}|\^`, searched vectorized (every IRI is checked).
    private static readonly SearchValues<char> s_notInIri = SearchValues.Create(
        [.. Enumerable.Range(0, 0x21).Select(c => (char)c), .. "<>\"{}|\\^`", .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private static int SchemeLength(string value)
    {
        if (value.Length == 0 || !char.IsAsciiLetter(value[0]))
        {
            return 0;
        }

        for (int i = 1; i < value.Length; i++)
        {
            char c = value[i];
            if (c == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>Resolves <paramref name="reference"/> against <paramref name="baseIri"/> (RFC 3986 §5.2.2); a null base leaves it as it is.</summary>
    public static string Resolve(string? baseIri, string reference)
    {
        if (baseIri is null || IsAbsolute(reference))
        {
            return IsAbsolute(reference) ? RemoveDotsFromAbsolute(reference) : reference;
        }

        Parts b = Parse(baseIri);
        Parts r = Parse(reference);
        string? authority;
        string path;
        string? query;
        if (r.Authority is not null)
        {
            authority = r.Authority;
            path = RemoveDotSegments(r.Path);
            query = r.Query;
        }
        else
        {
            if (r.Path.Length == 0)
            {
                path = b.Path;
                query = r.Query ?? b.Query;
            }
            else
            {
                path = r.Path[0] == '/' ? RemoveDotSegments(r.Path) : RemoveDotSegments(Merge(b, r.Path));
                query = r.Query;
            }

            authority = b.Authority;
        }

        var builder = new StringBuilder(baseIri.Length + reference.Length);
        builder.Append(b.Scheme).Append(':');
        if (authority is not null)
        {
            builder.Append("//").Append(authority);
        }

        builder.Append(path);
        if (query is not null)
        {
            builder.Append('?').Append(query);
        }

        if (r.Fragment is not null)
        {
            builder.Append('#').Append(r.Fragment);
        }

        return builder.ToString();
    }

    private static string RemoveDotsFromAbsolute(string iri)
    {
        Parts p = Parse(iri);
        if (!p.Path.Contains('.', StringComparison.Ordinal))
        {
            return iri;
        }

        var builder = new StringBuilder(iri.Length);
        builder.Append(p.Scheme).Append(':');
        if (p.Authority is not null)
        {
            builder.Append("//").Append(p.Authority);
        }

        builder.Append(RemoveDotSegments(p.Path));
        if (p.Query is not null)
        {
            builder.Append('?').Append(p.Query);
        }

        if (p.Fragment is not null)
        {
            builder.Append('#').Append(p.Fragment);
        }

        return builder.ToString();
    }

    private static string Merge(Parts b, string referencePath)
    {
        if (b.Authority is not null && b.Path.Length == 0)
        {
            return "/" + referencePath;
        }

        int slash = b.Path.LastIndexOf('/');
        return slash < 0 ? referencePath : string.Concat(b.Path.AsSpan(0, slash + 1), referencePath);
    }

    // RFC 3986 §5.2.4.
    private static string RemoveDotSegments(string path)
    {
        if (path.Length == 0 || (!path.Contains("/.", StringComparison.Ordinal) && !path.StartsWith('.')))
        {
            return path;
        }

        string input = path;
        var output = new List<string>();
        var result = new StringBuilder();
        while (input.Length > 0)
        {
            if (input.StartsWith("../", StringComparison.Ordinal))
            {
                input = input[3..];
            }
            else if (input.StartsWith("./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input.StartsWith("/./", StringComparison.Ordinal))
            {
                input = input[2..];
            }
            else if (input == "/.")
            {
                input = "/";
            }
            else if (input.StartsWith("/../", StringComparison.Ordinal))
            {
                input = input[3..];
                RemoveLast(output);
            }
            else if (input == "/..")
            {
                input = "/";
                RemoveLast(output);
            }
            else if (input is "." or "..")
            {
                input = string.Empty;
            }
            else
            {
                int start = input[0] == '/' ? 1 : 0;
                int next = input.IndexOf('/', start);
                string segment = next < 0 ? input : input[..next];
                output.Add(segment);
                input = next < 0 ? string.Empty : input[next..];
            }
        }

        foreach (string segment in output)
        {
            result.Append(segment);
        }

        return result.ToString();
    }

    private static void RemoveLast(List<string> output)
    {
        if (output.Count > 0)
        {
            output.RemoveAt(output.Count - 1);
        }
    }

    private static Parts Parse(string iri)
    {
        int schemeLength = SchemeLength(iri);
        string? scheme = schemeLength > 0 ? iri[..schemeLength] : null;
        int i = schemeLength > 0 ? schemeLength + 1 : 0;
        string? fragment = null;
        int hash = iri.IndexOf('#', i);
        string rest = hash >= 0 ? iri[i..hash] : iri[i..];
        if (hash >= 0)
        {
            fragment = iri[(hash + 1)..];
        }

        string? query = null;
        int question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }

        string? authority = null;
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            int slash = rest.IndexOf('/', 2);
            authority = slash < 0 ? rest[2..] : rest[2..slash];
            rest = slash < 0 ? string.Empty : rest[slash..];
        }

        return new Parts(scheme, authority, rest, query, fragment);
    }

    private readonly record struct Parts(string? Scheme, string? Authority, string Path, string? Query, string? Fragment);
}
