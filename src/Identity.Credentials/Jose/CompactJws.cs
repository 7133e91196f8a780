// References: RFC 7515, JSON Web Signature (JWS), May 2015, §4.1 (registered header parameters: alg, kid, typ, crit),
//   §5.2 (message validation) and §7.1 (compact serialization), https://www.rfc-editor.org/rfc/rfc7515 ;
//   RFC 8725, JSON Web Token Best Current Practices, February 2020, §3.1-3.2, https://www.rfc-editor.org/rfc/rfc8725
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Jose;

/// <summary>
/// A compact JWS that passed the structural checks: exactly three base64url parts, a JSON-object header with a string
/// <c>alg</c> from the allow-list, no <c>crit</c> extension, a decoded payload and a non-empty signature. The signature
/// itself is not checked here; see <see cref="JwsAlgorithms.Verify"/>.
/// </summary>
/// <remarks><threadsafety>Immutable after parsing; safe to share between threads.</threadsafety></remarks>
public sealed class CompactJws
{
    /// <summary>The default limit on a token's length in characters (64 KiB).</summary>
    public const int DefaultMaxLength = 64 * 1024;

    private readonly byte[] _payload;
    private readonly byte[] _signature;

    private CompactJws(string token, int headerEnd, JsonObject header, string alg, byte[] payload, byte[] signature)
    {
        Token = token;
        SigningInputLength = headerEnd;
        Header = header;
        Algorithm = alg;
        _payload = payload;
        _signature = signature;
    }

    /// <summary>The token as it was received.</summary>
    public string Token { get; }

    /// <summary>The protected header (a private copy: callers must not rely on changing it).</summary>
    public JsonObject Header { get; }

    /// <summary>The header's <c>alg</c>: one of <see cref="JwsAlgorithms.Allowed"/>.</summary>
    public string Algorithm { get; }

    /// <summary>The header's <c>kid</c>, or null when it has none.</summary>
    public string? KeyId => JoseEncoding.String(Header["kid"]);

    /// <summary>The header's <c>typ</c>, or null when it has none.</summary>
    public string? Type => JoseEncoding.String(Header["typ"]);

    /// <summary>The decoded payload bytes.</summary>
    public ReadOnlySpan<byte> Payload => _payload;

    /// <summary>The decoded signature bytes.</summary>
    public ReadOnlySpan<byte> Signature => _signature;

    /// <summary>The ASCII signing input <c>BASE64URL(header) || '.' || BASE64URL(payload)</c>.</summary>
    public ReadOnlySpan<char> SigningInput => Token.AsSpan(0, SigningInputLength);

    private int SigningInputLength { get; }

    /// <summary>The payload parsed as a JSON object (claims), or null when it is not one.</summary>
    public JsonObject? PayloadObject() => JoseEncoding.TryParseJson(_payload) as JsonObject;

    /// <summary>True when <paramref name="text"/> has the shape of a compact JWS or JWE: three or five parts, each only
    /// base64url characters. Any other string (prose, a URL, JSON) is not a token at all.</summary>
    public static bool IsTokenShaped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int dots = text.AsSpan().Count('.');
        return dots is 2 or 4 && !text.AsSpan().ContainsAnyExcept(s_tokenCharacters);
    }

    private static readonly System.Buffers.SearchValues<char> s_tokenCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    // A JWE's protected header (RFC 7516 §5.2) is a JSON object naming its content encryption, "enc".
    private static bool IsJweHeader(ReadOnlySpan<char> encodedHeader) =>
        JoseEncoding.TryDecode(encodedHeader, out byte[] header) && JoseEncoding.TryParseJson(header) is JsonObject json && json.ContainsKey("enc");

    /// <summary>
    /// Parses a compact JWS strictly. The length limit and the part count are checked before anything is decoded, so
    /// a JWE (five parts) never reaches a decoder.
    /// </summary>
    /// <returns>The token, or <c>tokenTooLarge</c>, <c>jweNotSupported</c>, <c>malformedJws</c>, <c>algorithmNotAllowed</c>
    /// or <c>unsupportedCriticalHeader</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public static Result<CompactJws> Parse(string token, int maxLength = DefaultMaxLength)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length > maxLength)
        {
            return new Error(ErrorCodes.TokenTooLarge, $"The token has {token.Length} characters; the limit is {maxLength}.");
        }

        int dots = token.AsSpan().Count('.');
        if (dots == 4 && IsJweHeader(token.AsSpan(0, token.IndexOf('.', StringComparison.Ordinal))))
        {
            return new Error(ErrorCodes.JweNotSupported, "The token is a JWE (five parts, an \"enc\" header); only three-part signed JWS is accepted.");
        }

        if (dots != 2)
        {
            return Malformed($"a compact JWS has exactly three parts separated by '.', this token has {dots + 1}");
        }

        int first = token.IndexOf('.', StringComparison.Ordinal);
        int second = token.IndexOf('.', first + 1);
        if (!JoseEncoding.TryDecode(token.AsSpan(0, first), out byte[] headerBytes) || headerBytes.Length == 0)
        {
            return Malformed("the header is not canonical unpadded base64url");
        }

        if (!JoseEncoding.TryDecode(token.AsSpan(first + 1, second - first - 1), out byte[] payload))
        {
            return Malformed("the payload is not canonical unpadded base64url");
        }

        if (!JoseEncoding.TryDecode(token.AsSpan(second + 1), out byte[] signature) || signature.Length == 0)
        {
            return Malformed("the signature is missing or not canonical unpadded base64url");
        }

        if (JoseEncoding.TryParseJson(headerBytes) is not JsonObject header)
        {
            return Malformed("the header is not a JSON object (or repeats a member name)");
        }

        if (header["alg"] is not JsonValue algValue || algValue.GetValueKind() != JsonValueKind.String)
        {
            return Malformed("the header has no string \"alg\"");
        }

        string alg = algValue.GetValue<string>();
        if (!JwsAlgorithms.Allowed.Contains(alg))
        {
            return new Error(ErrorCodes.AlgorithmNotAllowed, alg.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? "Unsecured JWS (alg \"none\") is never accepted."
                : $"The JWS algorithm \"{Truncate(alg)}\" is not allowed; allowed are {string.Join(", ", JwsAlgorithms.Allowed)}.");
        }

        if (header.ContainsKey("crit"))
        {
            return new Error(ErrorCodes.UnsupportedCriticalHeader, "The header lists critical extensions (crit); none are supported, so the token must be refused.");
        }

        foreach (var name in (ReadOnlySpan<string>)["kid", "typ", "cty"])
        {
            if (header[name] is { } value && JoseEncoding.String(value) is null)
            {
                return Malformed($"the header member \"{name}\" is not a string");
            }
        }

        return new CompactJws(token, second, header, alg, payload, signature);
    }

    /// <summary>Signs <paramref name="payload"/> with <paramref name="key"/>, setting the header's <c>alg</c> from the key type.</summary>
    /// <returns>The compact serialization <c>header.payload.signature</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The key type has no JWS algorithm (X25519), or the header already names another <c>alg</c>.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="key"/> has been disposed.</exception>
    public static string Sign(JsonObject header, ReadOnlySpan<byte> payload, Cryptography.PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(key);
        var algorithm = JwsAlgorithms.ForKey(key.KeyType)
            ?? throw new ArgumentException($"A {key.KeyType} key cannot sign a JWS.", nameof(key));
        var protectedHeader = new JsonObject { ["alg"] = algorithm.JwsAlgorithm };
        foreach (var (name, value) in header)
        {
            if (name == "alg")
            {
                if (JoseEncoding.String(value) != algorithm.JwsAlgorithm)
                {
                    throw new ArgumentException($"The header's alg does not match the {key.KeyType} key ({algorithm.JwsAlgorithm}).", nameof(header));
                }

                continue;
            }

            protectedHeader[name] = value?.DeepClone();
        }

        string signingInput = JoseEncoding.Encode(Encoding.UTF8.GetBytes(protectedHeader.ToJsonString())) + "." + JoseEncoding.Encode(payload);
        byte[] signature = algorithm.Sign(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + JoseEncoding.Encode(signature);
    }

    private static Error Malformed(string detail) => new(ErrorCodes.MalformedJws, $"Not a valid compact JWS: {detail}.");

    private static string Truncate(string value) => value.Length > 32 ? value[..32] + "…" : value;
}
