// References: did:web Method Specification, W3C CCG Unofficial Draft (31 July 2024), https://w3c-ccg.github.io/did-method-web/
//   §3.1 Create (Register) — did:web:<domain>[%3A<port>][:<path>…]; §3.2 Read (Resolve) — ':' → '/', percent-decode the port
//   colon, prefix https://, append /.well-known when there is no path, then /did.json.
//   RFC 3986 §3.2 (authority: userinfo, host, port) and §5.2.4 (dot segments, refused here rather than removed).
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Identity.Primitives;

namespace Identity.DidMethods.Web;

/// <summary>The did:web identifier ↔ HTTPS URL mapping, with no I/O.</summary>
/// <remarks><threadsafety>Stateless; safe to use from any thread.</threadsafety></remarks>
public static class DidWeb
{
    /// <summary>The method name, <c>web</c>.</summary>
    public const string MethodName = "web";

    private const string DocumentName = "did.json";
    private const string WellKnown = ".well-known";

    /// <summary>
    /// Maps a did:web to the URL of its DID document: <c>did:web:example.com</c> →
    /// <c>https://example.com/.well-known/did.json</c>, <c>did:web:example.com%3A3000:user:alice</c> →
    /// <c>https://example.com:3000/user/alice/did.json</c>.
    /// </summary>
    /// <param name="did">The DID.</param>
    /// <param name="useHttp">Use <c>http</c> instead of <c>https</c> (local development against loopback only; the
    /// caller decides when that is allowed).</param>
    /// <returns>The URL; <c>methodNotSupported</c> for another method; <c>invalidDid</c> for an empty segment, a dot
    /// segment, userinfo, a malformed host or port, or anything that does not make a valid absolute URL.</returns>
    public static Result<Uri> ToDocumentUrl(Did did, bool useHttp = false)
    {
        if (!string.Equals(did.Method, MethodName, StringComparison.Ordinal))
        {
            return new Error(ErrorCodes.MethodNotSupported, $"'{did}' is not a did:web.");
        }

        var segments = did.MethodSpecificId.Split(':');
        if (Array.Exists(segments, s => s.Length == 0))
        {
            return Invalid("A did:web has no empty ':'-separated segments.");
        }

        var authority = ParseAuthority(segments[0]);
        if (!authority.IsSuccess)
        {
            return authority.Error;
        }

        var path = new StringBuilder();
        if (segments.Length == 1)
        {
            path.Append('/').Append(WellKnown);
        }

        for (var i = 1; i < segments.Length; i++)
        {
            if (!IsSafePathSegment(segments[i]))
            {
                return Invalid($"Path segment {i} of the did:web is a dot segment or decodes to a character not allowed in a path segment.");
            }

            path.Append('/').Append(segments[i]);
        }

        path.Append('/').Append(DocumentName);
        var text = (useHttp ? Uri.UriSchemeHttp : Uri.UriSchemeHttps) + "://" + authority.Value + path;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0
            && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? uri
            : Invalid("The did:web does not map to a valid absolute URL.");
    }

    /// <summary>
    /// Builds a did:web — the inverse of <see cref="ToDocumentUrl"/>: <c>did:web:{host}[%3A{port}][:{segment}…]</c>.
    /// An IPv6 literal host is written bracketed and percent-encoded.
    /// </summary>
    /// <param name="host">A DNS name, an IPv4 literal or an IPv6 literal (with or without brackets).</param>
    /// <param name="port">The port, or null for the scheme default.</param>
    /// <param name="pathSegments">Path segments: non-empty, not <c>.</c> or <c>..</c>, of ASCII letters, digits, <c>.</c>, <c>-</c> and <c>_</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="pathSegments"/> is null.</exception>
    /// <exception cref="ArgumentException">The host is not a host name or IP literal, or a segment is empty or not URL-safe.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 1–65535.</exception>
    public static string Create(string host, int? port, params string[] pathSegments)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(pathSegments);
        var bare = host.Length > 2 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        var builder = new StringBuilder("did:web:");
        switch (Uri.CheckHostName(bare))
        {
            case UriHostNameType.IPv6 when !bare.Contains('%', StringComparison.Ordinal):
                builder.Append("%5B").Append(bare.Replace(":", "%3A", StringComparison.Ordinal)).Append("%5D");
                break;
            case UriHostNameType.Dns or UriHostNameType.IPv4 when bare.All(IsIdChar):
                builder.Append(bare);
                break;
            default:
                throw new ArgumentException($"'{host}' is not a host name or IP literal usable in a did:web.", nameof(host));
        }

        if (port is { } p)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(p, 1, nameof(port));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 65535, nameof(port));
            builder.Append("%3A").Append(p.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var segment in pathSegments)
        {
            if (string.IsNullOrEmpty(segment) || segment is "." or ".." || !segment.All(IsIdChar))
            {
                throw new ArgumentException(
                    $"Path segment '{segment}' must be non-empty, not a dot segment, and only letters, digits, '.', '-' and '_'.",
                    nameof(pathSegments));
            }

            builder.Append(':').Append(segment);
        }

        var did = builder.ToString();
        if (!Did.TryParse(did, out var parsed) || !ToDocumentUrl(parsed).IsSuccess)
        {
            throw new ArgumentException($"'{did}' does not map to a document URL.", nameof(host));
        }

        return did;
    }

    private static Result<string> ParseAuthority(string encoded)
    {
        // Only the host segment is decoded whole: the spec encodes the port colon, and IPv6 literals need '[', ':' and ']'.
        var decoded = Uri.UnescapeDataString(encoded);
        if (!decoded.All(c => IsIdChar(c) || c is ':' or '[' or ']'))
        {
            return Invalid("The did:web host decodes to characters not allowed in a host and port (userinfo, '/', '%', …).");
        }

        string host;
        string? port = null;
        if (decoded.StartsWith('['))
        {
            var close = decoded.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(decoded[1..close], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return Invalid("The did:web host is a malformed IPv6 literal.");
            }

            host = decoded[..(close + 1)];
            var rest = decoded[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return Invalid("Only a port may follow an IPv6 literal in a did:web host.");
                }

                port = rest[1..];
            }
        }
        else
        {
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? decoded : decoded[..colon];
            port = colon < 0 ? null : decoded[(colon + 1)..];
            if (host.Length == 0 || host.Contains('[', StringComparison.Ordinal) || host.Contains(']', StringComparison.Ordinal)
                || Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
            {
                return Invalid("The did:web host is not a host name or IP literal.");
            }
        }

        if (port is not null && !(port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit)
            && int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) is > 0 and <= 65535))
        {
            return Invalid("The did:web port is not a number from 1 to 65535.");
        }

        return port is null ? host : host + ":" + port;
    }

    private static bool IsSafePathSegment(string segment)
    {
        // Decoded once to catch %2E%2E and %2F; a decoded '%' is refused too, so a server that decodes twice sees no traversal.
        var decoded = Uri.UnescapeDataString(segment);
        return decoded is not ("." or "..")
            && !decoded.Any(c => c is '/' or '\\' or '?' or '#' or '%' || char.IsControl(c));
    }

    // idchar of DID Core without pct-encoded: ALPHA / DIGIT / "." / "-" / "_".
    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_';

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidDid, detail);
}
