// References: SMART Health Links (HL7 SMART Health Cards and Links IG v1.0.0 §SHL), encrypted files as compact JWE,
//   https://build.fhir.org/ig/HL7/smart-health-cards-and-links/links-specification.html ; RFC 7516 (JWE compact
//   serialization), RFC 7518 §4.5 (alg "dir") and §5.3 (A256GCM)
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.HealthCards.HealthLinks;

/// <summary>
/// A SMART Health Link file: compact JWE with <c>alg: dir</c> and <c>enc: A256GCM</c> under the link's 256-bit key, the
/// content type in <c>cty</c>. The protected header's encoding is the associated data; there is no encrypted key.
/// </summary>
/// <remarks><threadsafety>Stateless and thread-safe.</threadsafety></remarks>
public static class ShlJwe
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string contentType)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(key.Length, KeySize, nameof(key));
        var header = new JsonObject { ["alg"] = "dir", ["enc"] = "A256GCM", ["cty"] = contentType };
        string encodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header.ToJsonString()));
        Span<byte> nonce = stackalloc byte[NonceSize];
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = new byte[plaintext.Length];
        Span<byte> tag = stackalloc byte[TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(encodedHeader));
        }

        return $"{encodedHeader}..{Base64Url.EncodeToString(nonce)}.{Base64Url.EncodeToString(ciphertext)}.{Base64Url.EncodeToString(tag)}";
    }

    /// <summary>Decrypts a file of a link with its key.</summary>
    /// <returns>The content type and plaintext, or <c>invalidRequest</c> (not a dir/A256GCM JWE, or the key or bytes are wrong).</returns>
    public static Result<(string ContentType, byte[] Plaintext)> Decrypt(ReadOnlySpan<byte> key, string jwe, int maxBytes = 4 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(jwe);
        var parts = jwe.Split('.');
        if (key.Length != KeySize || parts.Length != 5 || parts[1].Length != 0 || jwe.Length > maxBytes * 2)
        {
            return Invalid("not a compact JWE with alg dir");
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) as JsonObject;
            if (JsonValues.String(header?["alg"]) != "dir" || JsonValues.String(header?["enc"]) != "A256GCM")
            {
                return Invalid("the header must say alg dir, enc A256GCM");
            }

            byte[] nonce = Base64Url.DecodeFromChars(parts[2]), ciphertext = Base64Url.DecodeFromChars(parts[3]), tag = Base64Url.DecodeFromChars(parts[4]);
            if (nonce.Length != NonceSize || tag.Length != TagSize)
            {
                return Invalid("the IV or tag has the wrong size");
            }

            var plaintext = new byte[ciphertext.Length];
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, Encoding.ASCII.GetBytes(parts[0]));
            return (JsonValues.String(header!["cty"]) ?? "application/octet-stream", plaintext);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or CryptographicException)
        {
            // Boundary: the decoders and AES-GCM report bad input (and a wrong key) only by throwing.
            return Invalid("it does not decrypt under this key");
        }
    }

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidRequest, $"Not a SMART Health Link file: {detail}.");
}
