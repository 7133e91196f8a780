// References: RFC 7516 (JWE compact serialization, §5.2 decryption); RFC 7518 §4.6 (ECDH-ES direct key agreement,
//   Concat KDF from NIST SP 800-56A §5.8.1) and §5.3 (AES-GCM content encryption), https://www.rfc-editor.org/rfc/rfc7518 ;
//   OpenID4VP 1.0 §8.3 (encrypted responses), HAIP 1.0 §5 (ECDH-ES on P-256 with A128GCM or A256GCM)
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Server.OpenId4Vc.Presentation;

/// <summary>
/// Decrypts the compact JWE a wallet posts for <c>direct_post.jwt</c>: <c>alg</c> <c>ECDH-ES</c> with a P-256 ephemeral
/// key (<c>epk</c>) against the request's own ephemeral key, <c>enc</c> <c>A128GCM</c> or <c>A256GCM</c>. Nothing else is
/// accepted (no key wrapping, no compression, no other curve), and every failure is the same <c>invalidPresentationResponse</c>.
/// </summary>
internal static class EcdhEsJwe
{
    /// <summary>The content encryptions advertised in <c>encrypted_response_enc_values_supported</c>.</summary>
    public static readonly string[] SupportedEnc = ["A128GCM", "A256GCM"];

    /// <summary>The longest JWE accepted, in characters.</summary>
    public const int MaxLength = 512 * 1024;

    /// <summary>Decrypts <paramref name="jwe"/> with <paramref name="recipient"/> and returns its plaintext as a JSON object.</summary>
    public static Result<JsonObject> Decrypt(string jwe, ECDiffieHellman recipient)
    {
        var parts = jwe.Length <= MaxLength ? jwe.Split('.') : [];
        if (parts.Length != 5 || parts[1].Length != 0)
        {
            return Invalid("the response must be a compact JWE with five parts and no encrypted key (ECDH-ES direct)");
        }

        if (!TryDecode(parts[0], out var headerBytes) || !TryDecode(parts[2], out var iv) || !TryDecode(parts[3], out var ciphertext)
            || !TryDecode(parts[4], out var tag) || iv.Length != 12 || tag.Length != 16)
        {
            return Invalid("a part is not base64url, or the IV or tag has the wrong length");
        }

        // StrictJson refuses duplicate members (System.Text.Json would throw ArgumentException on first read: a 500).
        var parsedHeader = StrictJson.Parse(headerBytes, maxDepth: 8);
        JsonObject? header = parsedHeader.IsSuccess ? parsedHeader.Value as JsonObject : null;

        string? alg = Text(header?["alg"]);
        string? enc = Text(header?["enc"]);
        int keySize = enc switch { "A128GCM" => 16, "A256GCM" => 32, _ => 0 };
        if (header is null || alg != "ECDH-ES" || keySize == 0 || header["zip"] is not null || header["crit"] is not null || header["epk"] is not JsonObject epk)
        {
            return Invalid("the header must name alg ECDH-ES, enc A128GCM or A256GCM, an epk, and no zip or crit");
        }

        if (Text(epk["kty"]) != "EC" || Text(epk["crv"]) != "P-256" || !TryDecode(Text(epk["x"]) ?? "", out var x) || !TryDecode(Text(epk["y"]) ?? "", out var y)
            || x.Length != 32 || y.Length != 32)
        {
            return Invalid("epk must be a P-256 public JWK");
        }

        byte[] apu = [], apv = [];
        if ((header["apu"] is { } u && !TryDecode(Text(u) ?? "", out apu)) || (header["apv"] is { } v && !TryDecode(Text(v) ?? "", out apv)))
        {
            return Invalid("apu and apv must be base64url");
        }

        byte[] secret;
        try
        {
            using var ephemeral = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
            secret = recipient.DeriveRawSecretAgreement(ephemeral.PublicKey);
        }
        catch (CryptographicException)
        {
            return Invalid("epk is not a point on P-256");
        }

        var cek = ConcatKdf(secret, enc!, apu, apv, keySize);
        CryptographicOperations.ZeroMemory(secret);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(cek, 16);
            aes.Decrypt(iv, ciphertext, tag, plaintext, Encoding.ASCII.GetBytes(parts[0]));
        }
        catch (CryptographicException)
        {
            return Invalid("it does not decrypt with this request's key");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(cek);
        }

        var parsed = StrictJson.Parse(plaintext, maxDepth: 64);
        return !parsed.IsSuccess ? Invalid("its plaintext is not JSON (or repeats a member)")
            : parsed.Value is JsonObject payload ? payload
            : Invalid("its plaintext is not a JSON object");
    }

    // RFC 7518 §4.6.2: one SHA-256 round suffices for 128- and 256-bit keys. AlgorithmID is the enc value (direct mode).
    private static byte[] ConcatKdf(byte[] z, string enc, byte[] apu, byte[] apv, int keySize)
    {
        var info = new List<byte>();
        info.AddRange(BigEndian(1));
        info.AddRange(z);
        foreach (var field in new[] { Encoding.ASCII.GetBytes(enc), apu, apv })
        {
            info.AddRange(BigEndian(field.Length));
            info.AddRange(field);
        }

        info.AddRange(BigEndian(keySize * 8));
        var digest = SHA256.HashData(info.ToArray());
        return digest[..keySize];
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.TryDecodeFromChars(text, bytes, out int written))
        {
            bytes = bytes[..written];
            return true;
        }

        bytes = [];
        return false;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static Error Invalid(string detail) => new(ErrorCodes.InvalidPresentationResponse, $"The encrypted response is not acceptable: {detail}.");
}
