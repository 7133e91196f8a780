// References: OpenID for Verifiable Presentations 1.0 (final, 2025-07-09) §8.3 (direct_post.jwt: the response encrypted
//   to a key in client_metadata.jwks, enc from encrypted_response_enc_values_supported, default A128GCM),
//   https://openid.net/specs/openid-4-verifiable-presentations-1_0.html ; RFC 7516 §7.1 (JWE compact serialization);
//   RFC 7518 §4.6 (ECDH-ES direct key agreement, Concat KDF) and §5.3 (AES-GCM); NIST SP 800-56A §5.8.2.1 (Concat KDF).
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Cli.OpenId4Vc;

/// <summary>
/// Encrypts a <c>direct_post.jwt</c> response to the verifier: ECDH-ES with an ephemeral P-256 key, the content key
/// derived with the Concat KDF, and AES-GCM (A128GCM or A256GCM, as the verifier offers). The verifier's key is
/// checked (EC, P-256, a valid point, for encryption) before anything is encrypted.
/// </summary>
internal sealed class ResponseEncryption
{
    private static readonly string[] s_supported = ["A128GCM", "A256GCM"];

    private ResponseEncryption(JsonObject key, PublicKey publicKey, string enc)
    {
        Key = key;
        PublicKey = publicKey;
        Enc = enc;
    }

    public JsonObject Key { get; }

    public PublicKey PublicKey { get; }

    public string Enc { get; }

    /// <summary>The verifier's encryption key and content encryption; <c>verifierKeyInvalid</c> when there is no usable one.</summary>
    public static ResponseEncryption From(JsonObject? clientMetadata)
    {
        var keys = (clientMetadata?["jwks"] as JsonObject)?["keys"] as JsonArray;
        var candidates = keys?.OfType<JsonObject>().Where(k =>
            CredentialOffer.Text(k["use"]) is null or "enc" && CredentialOffer.Text(k["alg"]) is null or "ECDH-ES").ToList();
        if (candidates is null || candidates.Count == 0)
        {
            throw Invalid("the request asks for direct_post.jwt, but client_metadata.jwks has no key for ECDH-ES");
        }

        var key = candidates[0];
        if (CredentialOffer.Text(key["kty"]) != "EC" || CredentialOffer.Text(key["crv"]) != "P-256")
        {
            throw Invalid("its encryption key is not an EC P-256 key");
        }

        var parsed = JwkConverter.FromJson(key.ToJsonString());
        if (!parsed.IsSuccess || parsed.Value.KeyType != KeyType.P256)
        {
            throw Invalid($"its encryption key is not a valid P-256 public key ({parsed.Error?.Detail ?? "wrong curve"})");
        }

        var offered = (clientMetadata!["encrypted_response_enc_values_supported"] as JsonArray)?.Select(CredentialOffer.Text).ToList()
            ?? [CredentialOffer.Text(clientMetadata["authorization_encrypted_response_enc"]) ?? "A128GCM"];
        var enc = offered.FirstOrDefault(e => s_supported.Contains(e)) ?? throw Invalid($"it offers content encryption {string.Join(", ", offered)}; this wallet has A128GCM and A256GCM");
        return new ResponseEncryption(key, parsed.Value, enc);
    }

    /// <summary>The compact JWE of <paramref name="payload"/> for the verifier.</summary>
    public string Encrypt(JsonObject payload)
    {
        var (x, y) = PublicKey.GetAffineCoordinates();
        using var recipient = ECDiffieHellman.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var epk = ephemeral.ExportParameters(false);
        var header = new JsonObject
        {
            ["alg"] = "ECDH-ES",
            ["enc"] = Enc,
            ["epk"] = new JsonObject { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = DpopSession.Base64Url(epk.Q.X), ["y"] = DpopSession.Base64Url(epk.Q.Y) },
        };
        if (CredentialOffer.Text(Key["kid"]) is { } kid)
        {
            header["kid"] = kid;
        }

        var sharedSecret = ephemeral.DeriveRawSecretAgreement(recipient.PublicKey);
        var contentKey = ConcatKdf(sharedSecret, Enc, Enc == "A256GCM" ? 32 : 16);
        try
        {
            var protectedHeader = DpopSession.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()));
            var plaintext = Encoding.UTF8.GetBytes(payload.ToJsonString());
            var iv = RandomNumberGenerator.GetBytes(12);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[16];
            using (var aes = new AesGcm(contentKey, 16))
            {
                aes.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(protectedHeader));
            }

            return $"{protectedHeader}..{DpopSession.Base64Url(iv)}.{DpopSession.Base64Url(ciphertext)}.{DpopSession.Base64Url(tag)}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(sharedSecret);
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    // RFC 7518 §4.6.2: one SHA-256 round suffices for keys up to 256 bits; AlgorithmID is enc for direct key agreement,
    // PartyUInfo and PartyVInfo are empty (no apu / apv), SuppPubInfo is the key length in bits.
    internal static byte[] ConcatKdf(byte[] z, string algorithmId, int keyBytes)
    {
        var alg = Encoding.ASCII.GetBytes(algorithmId);
        var input = new byte[4 + z.Length + 4 + alg.Length + 4 + 4 + 4];
        var span = input.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, 1);
        z.CopyTo(span[4..]);
        var offset = 4 + z.Length;
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], alg.Length);
        alg.CopyTo(span[(offset + 4)..]);
        offset += 4 + alg.Length + 8;
        BinaryPrimitives.WriteInt32BigEndian(span[offset..], keyBytes * 8);
        var digest = SHA256.HashData(input);
        CryptographicOperations.ZeroMemory(input);
        return digest[..keyBytes];
    }

    private static CliException Invalid(string why) =>
        new(ErrorCodes.VerifierKeyInvalid, $"The verifier's response encryption cannot be used: {why}. Nothing was sent.");
}
