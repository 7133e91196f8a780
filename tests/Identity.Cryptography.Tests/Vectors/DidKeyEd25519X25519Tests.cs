// References: The did:key Method v0.7 (W3C CCG), §"Ed25519 to X25519 key conversion",
// https://w3c-ccg.github.io/did-method-key/ ; vectors from w3c-ccg/did-method-key @ f5abee8
// test-vectors/ed25519-x25519.json (../shared/test-vectors/did-key, see SOURCES.md);
// multicodec table, https://github.com/multiformats/multicodec (ed25519-pub 0xed, x25519-pub 0xec).
using System.Text.Json;
using NSec.Cryptography;

namespace Identity.Cryptography.Tests.Vectors;

[TestClass]
public sealed class DidKeyEd25519X25519Tests
{

    public static IEnumerable<object[]> Vectors => LoadVectors().Select(v => new object[] { v });

    [TestMethod]
    public void ImportPrivateKey_ZeroSeed_MatchesDidKeySpecExample()
    {
        // did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp is the key of the all-zero seed.
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(new byte[32]).Value;

        Assert.AreEqual("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", Convert.ToHexStringLower(key.PublicKey.Bytes.Span));
        CollectionAssert.AreEqual(key.PublicKey.Bytes.ToArray(), DecodeMultikey("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", 0xed));
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void ImportPrivateKey_VectorSeed_DerivesDidKeyPublicKey(DidKeyVector vector)
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(vector.Seed).Value;

        CollectionAssert.AreEqual(vector.Ed25519PublicKey, key.PublicKey.Bytes.ToArray(), vector.Did);
        CollectionAssert.AreEqual(vector.Ed25519PublicKey, DecodeMultikey(vector.Did["did:key:".Length..], 0xed), vector.Did);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void FromEd25519_VectorKey_MatchesKeyAgreementKey(DidKeyVector vector)
    {
        PublicKey ed25519 = PublicKey.Create(KeyType.Ed25519, vector.Ed25519PublicKey).Value;

        PublicKey x25519 = X25519Conversion.FromEd25519(ed25519).Value;

        CollectionAssert.AreEqual(vector.X25519PublicKey, x25519.Bytes.ToArray(), vector.Did);
        CollectionAssert.AreEqual(vector.X25519PublicKey, DecodeMultikey(vector.X25519KeyId, 0xec), vector.Did);
    }

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void X25519PrivateKey_OfVector_HasTheConvertedPublicKey(DidKeyVector vector)
    {
        // The vector's key-agreement private key, imported into NSec, yields the key X25519Conversion derives.
        using Key key = Key.Import(KeyAgreementAlgorithm.X25519, vector.X25519PrivateKey, KeyBlobFormat.RawPrivateKey);

        CollectionAssert.AreEqual(vector.X25519PublicKey, key.PublicKey.Export(KeyBlobFormat.RawPublicKey), vector.Did);
    }

    private static byte[] DecodeMultikey(string multibase, byte codec)
    {
        Assert.StartsWith("z", multibase);
        byte[] decoded = SimpleBase.Base58.Bitcoin.Decode(multibase.AsSpan(1));

        // The multicodec varint for 0xed / 0xec is two bytes: 0xed 0x01 / 0xec 0x01.
        Assert.AreEqual(2 + 32, decoded.Length);
        Assert.AreEqual(codec, decoded[0]);
        Assert.AreEqual(0x01, decoded[1]);
        return decoded[2..];
    }

    private static IEnumerable<DidKeyVector> LoadVectors()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Identity.Testing.TestVectors.Path("did-key", "test-vectors", "ed25519-x25519.json")));
        List<DidKeyVector> vectors = [];
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            JsonElement verification = entry.Value.GetProperty("verificationKeyPair");
            JsonElement agreement = entry.Value.GetProperty("keyAgreementKeyPair");
            string agreementId = agreement.GetProperty("id").GetString()!;
            vectors.Add(new DidKeyVector(
                entry.Name,
                Convert.FromHexString(entry.Value.GetProperty("seed").GetString()!),
                ReadKey(verification, "publicKeyBase58", "publicKeyJwk", "x"),
                agreementId[(agreementId.IndexOf('#', StringComparison.Ordinal) + 1)..],
                ReadKey(agreement, "publicKeyBase58", "publicKeyJwk", "x"),
                ReadKey(agreement, "privateKeyBase58", "privateKeyJwk", "d")));
        }

        return vectors;
    }

    // Older vectors carry raw base58btc keys, the JsonWebKey2020 one carries a JWK (base64url).
    private static byte[] ReadKey(JsonElement keyPair, string base58Property, string jwkProperty, string jwkMember)
    {
        return keyPair.TryGetProperty(base58Property, out JsonElement base58)
            ? SimpleBase.Base58.Bitcoin.Decode(base58.GetString()!)
            : Base64UrlDecode(keyPair.GetProperty(jwkProperty).GetProperty(jwkMember).GetString()!);
    }

    private static byte[] Base64UrlDecode(string value)
    {
        return System.Buffers.Text.Base64Url.DecodeFromChars(value);
    }
}

/// <summary>One entry of ed25519-x25519.json.</summary>
public sealed record DidKeyVector(
    string Did, byte[] Seed, byte[] Ed25519PublicKey, string X25519KeyId, byte[] X25519PublicKey, byte[] X25519PrivateKey)
{
    public override string ToString() => Did;
}
