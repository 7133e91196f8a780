// References: W3C Decentralized Identifiers (DIDs) v1.0, §3.2 DID URL Syntax, https://www.w3.org/TR/did-core/#did-url-syntax
//   did-url = did path-abempty [ "?" query ] [ "#" fragment ]   (path-abempty, query, fragment per RFC 3986)
namespace Identity.Primitives;

/// <summary>A DID URL: a DID plus an optional path, query and fragment, kept as written (not percent-decoded).</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public readonly record struct DidUrl
{
    private DidUrl(string value, Did did, string path, string? query, string? fragment)
    {
        Value = value;
        Did = did;
        Path = path;
        Query = query;
        Fragment = fragment;
    }

    public string Value { get; }

    public Did Did { get; }

    /// <summary>The path-abempty part, empty or starting with '/'.</summary>
    public string Path { get; }

    /// <summary>The query without its '?', or null when absent (an empty query is "").</summary>
    public string? Query { get; }

    /// <summary>The fragment without its '#', or null when absent.</summary>
    public string? Fragment { get; }

    /// <summary>Parses an absolute DID URL. Relative references (<c>#key-1</c>) are resolved by the caller against a base DID.</summary>
    public static Result<DidUrl> Parse(string? text)
    {
        if (text is null)
        {
            return Invalid("The DID URL is missing.");
        }

        if (text.Length > DidSyntax.MaxLength)
        {
            return Invalid($"The DID URL is longer than {DidSyntax.MaxLength} characters.");
        }

        var fragmentStart = text.IndexOf('#', StringComparison.Ordinal);
        var beforeFragment = fragmentStart < 0 ? text : text[..fragmentStart];
        var queryStart = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        var beforeQuery = queryStart < 0 ? beforeFragment : beforeFragment[..queryStart];

        // The DID ends at the first '/' after "did:method:" — '/' is not an idchar.
        var pathStart = beforeQuery.IndexOf('/', StringComparison.Ordinal);
        var didText = pathStart < 0 ? beforeQuery : beforeQuery[..pathStart];
        var did = Did.Parse(didText);
        if (!did.IsSuccess)
        {
            return Invalid(did.Error.Detail);
        }

        var path = pathStart < 0 ? string.Empty : beforeQuery[pathStart..];
        string? query = queryStart < 0 ? null : beforeFragment[(queryStart + 1)..];
        string? fragment = fragmentStart < 0 ? null : text[(fragmentStart + 1)..];

        if (DidSyntax.FindInvalid(path, allowQuestionMark: false) is var p and >= 0)
        {
            return Invalid($"Character '{Did.Printable(path[p])}' is not allowed in a DID URL path.");
        }

        if (query is not null && DidSyntax.FindInvalid(query, allowQuestionMark: true) is var q and >= 0)
        {
            return Invalid($"Character '{Did.Printable(query[q])}' is not allowed in a DID URL query.");
        }

        if (fragment is not null && DidSyntax.FindInvalid(fragment, allowQuestionMark: true) is var f and >= 0)
        {
            return Invalid($"Character '{Did.Printable(fragment[f])}' is not allowed in a DID URL fragment.");
        }

        return new DidUrl(text, did.Value, path, query, fragment);
    }

    public static bool TryParse(string? text, out DidUrl url)
    {
        var result = Parse(text);
        url = result.IsSuccess ? result.Value : default;
        return result.IsSuccess;
    }

    /// <summary>Resolves a reference (an absolute DID URL, or a relative one such as <c>#key-1</c>) against a base DID.</summary>
    public static Result<DidUrl> Resolve(Did baseDid, string? reference)
    {
        if (reference is not null && reference.Length > 0 && reference[0] is '#' or '?' or '/')
        {
            return Parse(baseDid.Value + reference);
        }

        return Parse(reference);
    }

    /// <summary>The value of a query parameter (percent-decoded), or null. DID Core defines <c>service</c>,
    /// <c>relativeRef</c>, <c>versionId</c>, <c>versionTime</c>, <c>hl</c>.</summary>
    public string? GetQueryParameter(string name)
    {
        if (Query is null)
        {
            return null;
        }

        foreach (var pair in Query.Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            if (string.Equals(Uri.UnescapeDataString(key), name, StringComparison.Ordinal))
            {
                return eq < 0 ? string.Empty : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return null;
    }

    public override string ToString() => Value ?? string.Empty;

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidDidUrl, detail);
}
