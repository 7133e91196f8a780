// References: RFC 9901 (SD-JWT) §4.1.1 (_sd_alg) and the IANA Named Information Hash Algorithm Registry,
//   https://www.iana.org/assignments/named-information/
using System.Security.Cryptography;
using System.Text;
using Identity.Credentials.Jose;
using Identity.Primitives;

namespace Identity.Credentials.SdJwt;

/// <summary>The digest algorithm of an SD-JWT (<c>_sd_alg</c>): <c>sha-256</c> (the default), <c>sha-384</c> or <c>sha-512</c>.</summary>
/// <remarks><threadsafety>Immutable; safe to share between threads.</threadsafety></remarks>
public sealed class SdHashAlgorithm
{
    private const int StackLimit = 4096;

    private readonly HashInto _hash;

    private SdHashAlgorithm(string name, HashInto hash)
    {
        Name = name;
        _hash = hash;
    }

    public static SdHashAlgorithm Sha256 { get; } = new("sha-256", SHA256.HashData);

    public static SdHashAlgorithm Sha384 { get; } = new("sha-384", SHA384.HashData);

    public static SdHashAlgorithm Sha512 { get; } = new("sha-512", SHA512.HashData);

    /// <summary>The IANA name used in <c>_sd_alg</c>.</summary>
    public string Name { get; }

    /// <summary>Finds the algorithm an <c>_sd_alg</c> value names; absent means <c>sha-256</c>.</summary>
    /// <returns>The algorithm, or <c>unsupportedHashAlgorithm</c>.</returns>
    public static Result<SdHashAlgorithm> FromClaim(System.Text.Json.Nodes.JsonNode? sdAlg)
    {
        if (sdAlg is null)
        {
            return Sha256;
        }

        return JoseEncoding.String(sdAlg) switch
        {
            "sha-256" => Sha256,
            "sha-384" => Sha384,
            "sha-512" => Sha512,
            _ => new Error(ErrorCodes.UnsupportedHashAlgorithm, "_sd_alg must be \"sha-256\", \"sha-384\" or \"sha-512\"."),
        };
    }

    /// <summary>base64url(hash(ASCII(<paramref name="text"/>))).</summary>
    public string Digest(string text) => Digest(text.AsSpan());

    /// <summary>base64url(hash(ASCII(<paramref name="text"/>))), without copying the text beyond one ASCII buffer
    /// (on the stack when small).</summary>
    public string Digest(ReadOnlySpan<char> text)
    {
        byte[]? rented = text.Length > StackLimit ? System.Buffers.ArrayPool<byte>.Shared.Rent(text.Length) : null;
        try
        {
            Span<byte> ascii = rented is null ? stackalloc byte[text.Length] : rented.AsSpan(0, text.Length);
            Encoding.ASCII.GetBytes(text, ascii);
            Span<byte> digest = stackalloc byte[64];
            return JoseEncoding.Encode(digest[.._hash(ascii, digest)]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private delegate int HashInto(ReadOnlySpan<byte> source, Span<byte> destination);
}
