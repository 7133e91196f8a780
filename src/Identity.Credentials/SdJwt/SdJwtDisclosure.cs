// References: RFC 9901, Selective Disclosure for JSON Web Tokens (SD-JWT), November 2025 (draft-ietf-oauth-selective-
//   disclosure-jwt-22), §4.2 Disclosures and §4.2.3 hashing, https://www.rfc-editor.org/rfc/rfc9901
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>
/// One disclosure as presented: its base64url text, its digest, and the salt, claim name (null for an array element)
/// and value it reveals. <see cref="Path"/> says where it sits in the claims (e.g. <c>address.street</c>,
/// <c>nationalities[1]</c>) once the SD-JWT has been processed.
/// </summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed record SdJwtDisclosure
{
    private SdJwtDisclosure(string encoded, string digest, string salt, string? name, JsonNode? value)
    {
        Encoded = encoded;
        Digest = digest;
        Salt = salt;
        Name = name;
        RawValue = value;
    }

    /// <summary>The disclosure exactly as it appears between the <c>~</c> separators.</summary>
    public string Encoded { get; }

    /// <summary>base64url(hash(ASCII(<see cref="Encoded"/>))) with the SD-JWT's <c>_sd_alg</c>.</summary>
    public string Digest { get; }

    public string Salt { get; }

    /// <summary>The claim name, or null for an array-element disclosure.</summary>
    public string? Name { get; }

    /// <summary>The disclosed value (a private copy per read).</summary>
    public JsonNode? Value => RawValue?.DeepClone();

    /// <summary>The parsed value itself, for the processor, which copies what it keeps. Never handed out.</summary>
    internal JsonNode? RawValue { get; }

    /// <summary>The claim's path once processed (<c>a.b</c>, <c>a[2]</c>); null before processing.</summary>
    public string? Path { get; init; }

    /// <summary>Creates an object-property disclosure <c>[salt, name, value]</c> with a fresh 128-bit salt.</summary>
    internal static SdJwtDisclosure CreateProperty(string name, JsonNode? value, SdHashAlgorithm hash)
    {
        string salt = JoseEncoding.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var array = new JsonArray(salt, name, value?.DeepClone());
        string encoded = JoseEncoding.Encode(Encoding.UTF8.GetBytes(array.ToJsonString()));
        return new SdJwtDisclosure(encoded, hash.Digest(encoded), salt, name, value?.DeepClone());
    }

    /// <summary>Decodes a presented disclosure and computes its digest.</summary>
    /// <returns>The disclosure, or <c>malformedDisclosure</c>.</returns>
    internal static Result<SdJwtDisclosure> Parse(string encoded, SdHashAlgorithm hash)
    {
        if (!JoseEncoding.TryDecode(encoded, out byte[] bytes) || JoseEncoding.TryParseJson(bytes) is not JsonArray array)
        {
            return Malformed("it is not base64url-encoded JSON array");
        }

        if (array.Count is not (2 or 3) || JoseEncoding.String(array[0]) is not { } salt)
        {
            return Malformed("it must be [salt, name, value] or [salt, value] with a string salt");
        }

        string? name = null;
        if (array.Count == 3)
        {
            name = JoseEncoding.String(array[1]);
            if (name is null || name is "_sd" or "..." or "_sd_alg")
            {
                return Malformed("its claim name must be a string other than _sd, _sd_alg and ...");
            }
        }

        // Detached from the array so that the processor can read it without another copy.
        JsonNode? value = array[^1];
        array.RemoveAt(array.Count - 1);
        return new SdJwtDisclosure(encoded, hash.Digest(encoded), salt, name, value);
    }

    private static Error Malformed(string detail) => new(ErrorCodes.MalformedDisclosure, $"A disclosure is malformed: {detail}.");
}
