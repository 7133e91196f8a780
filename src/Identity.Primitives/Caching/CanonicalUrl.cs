// References: RFC 3986, Uniform Resource Identifier (URI): Generic Syntax, January 2005, §6.2.2 (syntax-based
//   normalization) and §6.2.3 (scheme-based normalization) — https://www.rfc-editor.org/rfc/rfc3986
namespace Identity.Primitives.Caching;

/// <summary>
/// The one spelling of a URL used to key caches of fetched material and to compare a fetched document's <c>id</c> with
/// where it came from: scheme and host lower-cased, the scheme's default port dropped, dot segments and
/// percent-encoding normalized as <see cref="Uri"/> does, an empty path written <c>/</c>, and no user information or
/// fragment (neither is sent in a request). The query is kept: it may name another resource.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class CanonicalUrl
{
    /// <summary>The canonical form of an absolute <paramref name="url"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="url"/> is relative.</exception>
    public static string Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("The URL must be absolute.", nameof(url));
        }

        return url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
    }

    /// <summary>The canonical form of <paramref name="text"/> when it is an absolute URL; false otherwise.</summary>
    public static bool TryCreate(string? text, out string canonical)
    {
        canonical = "";
        if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out Uri? url))
        {
            return false;
        }

        canonical = Of(url);
        return true;
    }
}
