// References: W3C Decentralized Identifiers (DIDs) v1.0, §3.1 DID Syntax, https://www.w3.org/TR/did-core/#did-syntax
//   did                = "did:" method-name ":" method-specific-id
//   method-name        = 1*method-char
//   method-specific-id = *( *idchar ":" ) 1*idchar
namespace Identity.Primitives;

/// <summary>A syntactically valid decentralized identifier (no path, query or fragment).</summary>
/// <remarks>
/// Equality is ordinal on the whole string: DID Core treats DIDs as case-sensitive, and percent-encoding is not
/// normalised. The default value is not a valid DID; obtain instances through <see cref="Parse"/>.
/// <threadsafety>Immutable; safe to share between threads.</threadsafety>
/// </remarks>
public readonly record struct Did
{
    private Did(string value, int methodLength)
    {
        Value = value;
        Method = value.Substring(4, methodLength);
        MethodSpecificId = value[(5 + methodLength)..];
    }

    /// <summary>The whole DID, e.g. <c>did:key:z6Mk...</c>.</summary>
    public string Value { get; }

    /// <summary>The method name, e.g. <c>key</c>.</summary>
    public string Method { get; }

    /// <summary>Everything after the second colon.</summary>
    public string MethodSpecificId { get; }

    /// <summary>Parses a DID. A DID URL (with path, query or fragment) is not a DID and fails.</summary>
    public static Result<Did> Parse(string? text)
    {
        if (text is null)
        {
            return Invalid("The DID is missing.");
        }

        if (text.Length > DidSyntax.MaxLength)
        {
            return Invalid($"The DID is longer than {DidSyntax.MaxLength} characters.");
        }

        if (!text.StartsWith("did:", StringComparison.Ordinal))
        {
            return Invalid("A DID starts with the scheme 'did:'.");
        }

        var span = text.AsSpan(4);
        var methodLength = 0;
        while (methodLength < span.Length && DidSyntax.IsMethodChar(span[methodLength]))
        {
            methodLength++;
        }

        if (methodLength == 0)
        {
            return Invalid("The DID method name is empty or has characters other than a-z and 0-9.");
        }

        if (methodLength == span.Length || span[methodLength] != ':')
        {
            return Invalid("The DID method name must be followed by ':' and a method-specific identifier.");
        }

        var error = ValidateMethodSpecificId(span[(methodLength + 1)..]);
        return error is null ? new Did(text, methodLength) : Invalid(error);
    }

    /// <summary>Parses a DID, returning false instead of an error.</summary>
    public static bool TryParse(string? text, out Did did)
    {
        var result = Parse(text);
        did = result.IsSuccess ? result.Value : default;
        return result.IsSuccess;
    }

    public override string ToString() => Value ?? string.Empty;

    private static string? ValidateMethodSpecificId(ReadOnlySpan<char> id)
    {
        if (id.IsEmpty)
        {
            return "The method-specific identifier is empty.";
        }

        if (id[^1] == ':')
        {
            return "The method-specific identifier must not end with ':'.";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (c == '%')
            {
                if (!DidSyntax.IsPctEncoded(id, i))
                {
                    return $"Malformed percent-encoding at position {i} of the method-specific identifier.";
                }

                i += 2;
            }
            else if (c != ':' && !DidSyntax.IsIdChar(c))
            {
                return $"Character '{Printable(c)}' at position {i} is not allowed in a method-specific identifier.";
            }
        }

        return null;
    }

    internal static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidDid, detail);
}
