using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;

namespace Identity.DidMethods.Web.Tests;

/// <summary>did.json documents as a did:web host would publish them, written by hand (not by our serializer).</summary>
internal static class Documents
{
    /// <summary>A document with one key, in the representation a publisher would typically use for its type.</summary>
    public static string WithKey(string did, PublicKey key, string type = VerificationMethodTypes.Multikey)
    {
        var method = new JsonObject { ["id"] = "#key-1", ["type"] = type, ["controller"] = did };
        switch (type)
        {
            case VerificationMethodTypes.JsonWebKey or VerificationMethodTypes.JsonWebKey2020:
                method["publicKeyJwk"] = JsonNode.Parse(JwkConverter.ToJson(key));
                break;
            case VerificationMethodTypes.Ed25519VerificationKey2018:
                method["publicKeyBase58"] = Multibase.Encode(MultibaseEncoding.Base58Btc, key.Bytes.Span)[1..];
                break;
            default:
                method["publicKeyMultibase"] = Multikey.EncodePublicKey(key);
                break;
        }

        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
            ["id"] = did,
            ["verificationMethod"] = new JsonArray(method),
        };
        if (key.KeyType == KeyType.X25519)
        {
            document["keyAgreement"] = new JsonArray("#key-1");
        }
        else
        {
            document["authentication"] = new JsonArray("#key-1");
            document["assertionMethod"] = new JsonArray("#key-1");
        }

        return document.ToJsonString();
    }

    /// <summary>The smallest valid document for <paramref name="did"/>.</summary>
    public static string Minimal(string did) => new JsonObject { ["id"] = did }.ToJsonString();
}
