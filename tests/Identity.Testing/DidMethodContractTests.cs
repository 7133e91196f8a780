using System.Text.Json.Nodes;
using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Identity.Testing;

/// <summary>
/// The contract every <see cref="IDidMethod"/> passes: generate → resolve round trip for each key type it supports,
/// malformed identifiers → <c>invalidDid</c>, unsupported representation → <c>representationNotSupported</c>, and
/// a JSON round trip of the document. Each <c>Identity.DidMethods.*.Tests</c> derives one class from it.
/// </summary>
public abstract class DidMethodContractTests
{
    /// <summary>The method under test.</summary>
    protected abstract IDidMethod Method { get; }

    /// <summary>Key types the method can express.</summary>
    protected abstract IReadOnlyList<KeyType> SupportedKeyTypes { get; }

    /// <summary>DIDs of this method that are syntactically DIDs but malformed for the method.</summary>
    protected abstract IReadOnlyList<string> MalformedDids { get; }

    /// <summary>Creates this method's DID for a public key.</summary>
    protected abstract Did CreateDid(PublicKey key);

    private DidResolver Resolver => new([Method]);

    [TestMethod]
    public async Task Resolve_GeneratedDid_ReturnsDocumentWithThatKey()
    {
        foreach (var keyType in SupportedKeyTypes)
        {
            // Arrange
            var key = NewPublicKey(keyType);
            var did = CreateDid(key);

            // Act
            var result = await Resolver.ResolveAsync(did.Value);

            // Assert
            Assert.IsTrue(result.IsSuccess, $"{keyType}: {result.Error}");
            var document = result.Document!;
            Assert.AreEqual(did, document.Id, keyType.ToString());
            Assert.IsTrue(document.VerificationMethod.Any(m => Carries(m, key)), $"{keyType}: the document does not carry the generated key.");
            foreach (var method in document.VerificationMethod)
            {
                Assert.AreEqual(did.Value, method.Controller, keyType.ToString());
                Assert.IsTrue(method.Id.StartsWith(did.Value + "#", StringComparison.Ordinal), method.Id);
            }
        }
    }

    [TestMethod]
    public async Task Resolve_SigningKey_IsAuthorisedForAssertionAndAuthentication()
    {
        foreach (var keyType in SupportedKeyTypes.Where(t => t != KeyType.X25519))
        {
            var key = NewPublicKey(keyType);
            var document = (await Resolver.ResolveAsync(CreateDid(key).Value)).Document!;
            foreach (var relationship in new[] { VerificationRelationship.AssertionMethod, VerificationRelationship.Authentication })
            {
                var reference = document.GetRelationship(relationship).Single();
                var method = document.FindVerificationMethod(reference.Id, relationship);
                Assert.IsTrue(method.IsSuccess, $"{keyType} {relationship}: {method.Error}");
                Assert.IsTrue(Carries(method.Value, key), $"{keyType} {relationship}");
            }
        }
    }

    [TestMethod]
    public async Task Resolve_MalformedIdentifier_ReturnsInvalidDid()
    {
        foreach (var did in MalformedDids)
        {
            var result = await Resolver.ResolveAsync(did);
            Assert.IsFalse(result.IsSuccess, did);
            Assert.IsNull(result.Document, did);
            Assert.AreEqual(ErrorCodes.InvalidDid, result.Error!.Code, $"{did}: {result.Error}");
        }
    }

    [TestMethod]
    public async Task Resolve_UnsupportedAccept_ReturnsRepresentationNotSupported()
    {
        var did = CreateDid(NewPublicKey(SupportedKeyTypes[0]));

        var result = await Resolver.ResolveAsync(did.Value, new DidResolutionOptions { Accept = "application/did+cbor" });

        Assert.AreEqual(ErrorCodes.RepresentationNotSupported, result.Error?.Code);
    }

    [TestMethod]
    public async Task Resolve_OtherMethod_ReturnsMethodNotSupported()
    {
        var result = await Resolver.ResolveAsync("did:example:123456789abcdefghi");

        Assert.AreEqual(ErrorCodes.MethodNotSupported, result.Error?.Code);
    }

    [TestMethod]
    public async Task Resolve_DocumentJson_RoundTripsThroughParse()
    {
        foreach (var keyType in SupportedKeyTypes)
        {
            var did = CreateDid(NewPublicKey(keyType));
            var document = (await Resolver.ResolveAsync(did.Value)).Document!;

            var json = DidDocumentJson.ToJson(document);
            var reparsed = DidDocumentJson.Parse(JsonNode.Parse(json.ToJsonString()));

            Assert.IsTrue(reparsed.IsSuccess, reparsed.Error?.ToString());
            Assert.AreEqual(json.ToJsonString(), DidDocumentJson.ToJson(reparsed.Value).ToJsonString(), keyType.ToString());
        }
    }

    [TestMethod]
    public async Task Resolve_JsonRepresentation_HasNoContext()
    {
        var did = CreateDid(NewPublicKey(SupportedKeyTypes[0]));

        var result = await Resolver.ResolveAsync(did.Value, new DidResolutionOptions { Accept = DidDocumentJson.DidJson });

        Assert.AreEqual(DidDocumentJson.DidJson, result.ContentType);
        Assert.IsFalse(result.ToJson()["didDocument"]!.AsObject().ContainsKey("@context"));
    }

    /// <summary>
    /// True when <paramref name="method"/> identifies <paramref name="key"/>: by default, it carries the key. Methods whose
    /// documents name an account instead of a key (did:pkh: <c>blockchainAccountId</c>, checked by recovery) override this.
    /// </summary>
    protected virtual bool Carries(VerificationMethod method, PublicKey key) =>
        method.GetPublicKey().TryGetValue(out var carried) && carried == key;

    /// <summary>A fresh random public key of the given type.</summary>
    protected static PublicKey NewPublicKey(KeyType keyType)
    {
        if (keyType == KeyType.X25519)
        {
            using var ed = SignatureAlgorithms.Ed25519.GenerateKey();
            return X25519Conversion.FromEd25519(ed.PublicKey).Value;
        }

        using var key = SignatureAlgorithms.ForKeyType(keyType).Value.GenerateKey();
        return key.PublicKey;
    }
}
