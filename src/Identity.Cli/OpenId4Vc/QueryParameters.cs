using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// The query of an offer or request link (<c>openid-credential-offer://?…</c>, <c>openid4vp://?…</c>, <c>haip-vp://?…</c>
/// or an https link): form-decoded parameters, each at most once.
/// </summary>
internal static class QueryParameters
{
    /// <summary>The longest link accepted (a credential offer by value can be long; a QR code holds at most ~4 KB).</summary>
    public const int MaxLength = 64 * 1024;

    public static Dictionary<string, string> Parse(string link, string what, string code)
    {
        if (link.Length > MaxLength)
        {
            throw new CliException(code, $"The {what} is longer than {MaxLength} characters.");
        }

        var question = link.IndexOf('?', StringComparison.Ordinal);
        if (question < 0 || !link.AsSpan(0, question).Contains("://", StringComparison.Ordinal))
        {
            throw new CliException(code, $"The {what} is not a link with a query (scheme://?name=value&…).");
        }

        var query = link[(question + 1)..];
        var hash = query.IndexOf('#', StringComparison.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (hash < 0 ? query : query[..hash]).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            if (!result.TryAdd(name, equals < 0 ? string.Empty : Decode(pair[(equals + 1)..])))
            {
                throw new CliException(code, $"The {what} repeats the parameter '{name}'.");
            }
        }

        return result;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
