using System.Text.Json.Nodes;
using Identity.Testing;
using Base58 = SimpleBase.Base58;

namespace Identity.Cryptography.Tests;

/// <summary>
/// Reads the did:key test vectors (w3c-ccg/did-method-key @ f5abee8, <c>test-vectors/*.json</c>) into one row per
/// verification method, whatever older shape it has: <c>publicKeyBase58</c> / <c>privateKeyBase58</c> with a 2018-2021
/// suite type, or <c>publicKeyJwk</c> / <c>privateKeyJwk</c> (JsonWebKey2020).
/// </summary>
internal static class DidKeyVectors
{
    public static readonly string[] Files = ["ed25519-x25519.json", "nist-curves.json", "secp256k1.json", "x25519.json"];

    private static readonly Lazy<IReadOnlyList<VerificationMethodVector>> s_all = new(Load);

    public static IReadOnlyList<VerificationMethodVector> All => s_all.Value;

    public static VerificationMethodVector Find(string file, string did, string label) =>
        All.Single(v => v.File == file && v.Did == did && v.Label == label);

    private static List<VerificationMethodVector> Load()
    {
        var vectors = new List<VerificationMethodVector>();
        foreach (string file in Files)
        {
            JsonObject root = JsonNode.Parse(File.ReadAllText(TestVectors.Path("did-key", "test-vectors", file)))!.AsObject();

            // x25519.json nests the documents one level down, under "didDocument".
            JsonObject entries = file == "x25519.json" ? root["didDocument"]!.AsObject() : root;
            foreach ((string did, JsonNode? node) in entries)
            {
                JsonObject entry = node!.AsObject();
                string? seed = (string?)entry["seed"];
                foreach (string name in new[] { "verificationKeyPair", "keyAgreementKeyPair", "verificationMethod" })
                {
                    if (entry[name] is JsonObject pair)
                    {
                        vectors.Add(new VerificationMethodVector(file, did, name, pair, name == "verificationKeyPair" ? seed : null));
                    }
                }

                JsonObject document = entry["didDocument"]?.AsObject() ?? entry;
                JsonArray methods = document["verificationMethod"]!.AsArray();
                for (int i = 0; i < methods.Count; i++)
                {
                    vectors.Add(new VerificationMethodVector(file, did, $"didDocument.verificationMethod[{i}]", methods[i]!.AsObject(), null));
                }
            }
        }

        return vectors;
    }
}

/// <summary>One verification method from the did:key vectors.</summary>
internal sealed record VerificationMethodVector(string File, string Did, string Label, JsonObject Method, string? SeedHex)
{
    public string Fragment => ((string)Method["id"]!).Split('#')[1];

    public JsonObject? PublicKeyJwk => Method["publicKeyJwk"] as JsonObject;

    public string? Curve => (string?)PublicKeyJwk?["crv"];

    public bool IsSupported => Curve is not "P-521";

    public object[] Row => [File, Did, Label];

    /// <summary>The key as the vector states it, through base58 bytes or the JWK; independent of Multikey.</summary>
    public Result<PublicKey> StatedPublicKey()
    {
        if (PublicKeyJwk is { } jwk)
        {
            return JwkConverter.FromJson(jwk.ToJsonString());
        }

        KeyType type = (string)Method["type"]! switch
        {
            "Ed25519VerificationKey2018" => KeyType.Ed25519,
            "X25519KeyAgreementKey2019" => KeyType.X25519,
            "EcdsaSecp256k1VerificationKey2019" => KeyType.Secp256k1,
            "P256Key2021" => KeyType.P256,
            string other => throw new InvalidOperationException($"Unexpected verification method type {other}."),
        };
        return PublicKey.Create(type, Base58.Bitcoin.Decode((string)Method["publicKeyBase58"]!));
    }

    /// <summary>The private secret (seed or scalar) when the vector gives one.</summary>
    public byte[]? Secret()
    {
        if (Method["privateKeyBase58"] is JsonNode base58)
        {
            return Base58.Bitcoin.Decode((string)base58!);
        }

        if (Method["privateKeyJwk"]?["d"] is JsonNode d)
        {
            return Multibase.Decode("u" + (string)d!).Value;
        }

        return SeedHex is null ? null : Convert.FromHexString(SeedHex);
    }
}
