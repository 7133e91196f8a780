using System.Buffers.Text;
using System.Text;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.DidMethods.Jwk.Tests;

[TestClass]
public sealed class DidJwkMethodTests : DidMethodContractTests
{
    // The two examples of the did:jwk specification (https://github.com/quartzjer/did-jwk/blob/main/spec.md), transcribed.
    private const string SpecP256 =
        "did:jwk:eyJrdHkiOiJFQyIsImNydiI6IlAtMjU2IiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";

    private const string SpecX25519 =
        "did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9";

    protected override IDidMethod Method { get; } = new DidJwkMethod();

    protected override IReadOnlyList<KeyType> SupportedKeyTypes { get; } =
        [KeyType.Ed25519, KeyType.P256, KeyType.P384, KeyType.Secp256k1, KeyType.X25519];

    protected override IReadOnlyList<string> MalformedDids { get; } =
    [
        "did:jwk:!!!",                                  // not base64url (fails DID syntax too)
        "did:jwk:eyJrdHkiOiJFQyJ9%",                    // malformed percent-encoding
        "did:jwk:bm90IGpzb24",                          // "not json"
        "did:jwk:WzEsMiwzXQ",                           // [1,2,3]: JSON but not an object
        "did:jwk:eyJrdHkiOiJFQyJ9:eyJrdHkiOiJFQyJ9",    // two segments
    ];

    protected override Did CreateDid(PublicKey key) => DidJwkMethod.CreateDid(key);

    [TestMethod]
    public async Task Resolve_SpecP256Example_AllSignatureRelationshipsAndKeyAgreement()
    {
        var result = await Method.ResolveAsync(Did.Parse(SpecP256).Value, DidResolutionOptions.Default);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        var document = result.Document!;
        var method = document.VerificationMethod.Single();
        Assert.AreEqual(SpecP256 + "#0", method.Id);
        Assert.AreEqual("JsonWebKey2020", method.Type);
        Assert.AreEqual(KeyType.P256, method.GetPublicKey().Value.KeyType);
        foreach (var relationship in VerificationRelationships.All)
        {
            CollectionAssert.AreEqual(new[] { SpecP256 + "#0" }, document.GetRelationship(relationship).Select(r => r.Id).ToArray());
        }

        var json = DidDocumentJson.ToJson(document);
        CollectionAssert.AreEqual(
            new[] { "https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1" },
            json["@context"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        Assert.AreEqual("acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0", json["verificationMethod"]![0]!["publicKeyJwk"]!["x"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Resolve_SpecX25519Example_OnlyKeyAgreement()
    {
        var result = await Method.ResolveAsync(Did.Parse(SpecX25519).Value, DidResolutionOptions.Default);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        var document = result.Document!;
        CollectionAssert.AreEqual(new[] { SpecX25519 + "#0" }, document.KeyAgreement.Select(r => r.Id).ToArray());
        Assert.AreEqual(0, document.AssertionMethod.Length);
        Assert.AreEqual(0, document.Authentication.Length);
        Assert.AreEqual("enc", DidDocumentJson.ToJson(document)["verificationMethod"]![0]!["publicKeyJwk"]!["use"]!.GetValue<string>());
    }

    [TestMethod]
    public void CreateDid_SpecP256Key_ReproducesSpecIdentifierModuloMemberOrder()
    {
        var key = Did.Parse(SpecP256).Bind(DidJwkMethod.Expand).Value.VerificationMethod[0].GetPublicKey().Value;

        var did = DidJwkMethod.CreateDid(key);

        // We write members in lexicographic (RFC 7638) order; the spec's example lists kty first. Same key either way.
        var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(did.MethodSpecificId));
        Assert.AreEqual(
            "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0\",\"y\":\"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE\"}",
            decoded);
    }

    [TestMethod]
    public async Task Resolve_JwkWithRepeatedMember_IsInvalidDidNotAnException()
    {
        var jwk = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
        var did = "did:jwk:" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(jwk));

        var result = await new DidResolver([Method]).ResolveAsync(did);

        Assert.AreEqual(ErrorCodes.InvalidDid, result.Error?.Code, result.Error?.Detail);
    }

    [TestMethod]
    [DataRow("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0\",\"y\":\"_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE\",\"d\":\"AAAA\"}", "private key material")]
    [DataRow("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0\"}", "missing y")]
    [DataRow("{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "unsupported key type")]
    public async Task Resolve_BadJwk_FailsWithoutDocument(string jwk, string because)
    {
        var did = "did:jwk:" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(jwk));

        var result = await new DidResolver([Method]).ResolveAsync(did);

        Assert.IsFalse(result.IsSuccess, because);
        Assert.IsNull(result.Document, because);
        Assert.IsTrue(
            result.Error!.Code is ErrorCodes.InvalidJwk or ErrorCodes.UnsupportedPublicKeyType or ErrorCodes.InvalidPublicKey,
            $"{because}: {result.Error}");
    }
}
