using System.Text.Json.Nodes;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.DidMethods.Key.Tests;

/// <summary>
/// The did:key method's published vectors (w3c-ccg/did-method-key test-vectors). They use older verification-method
/// types (Ed25519VerificationKey2018, JsonWebKey2020, …); we emit Multikey, so we compare what matters: the same
/// method ids, the same key bytes behind each id, and the same verification relationships.
/// </summary>
[TestClass]
public sealed class DidKeyVectorTests
{
    private static readonly string[] s_files = ["ed25519-x25519.json", "nist-curves.json", "secp256k1.json", "x25519.json"];

    public static IEnumerable<object[]> Vectors()
    {
        foreach (var file in s_files)
        {
            var json = JsonNode.Parse(File.ReadAllText(TestVectors.Path("did-key", "test-vectors", file)))!.AsObject();

            // x25519.json nests its documents one level deeper than the others.
            var entries = json.ContainsKey("didDocument") && json["didDocument"]!.AsObject().All(p => p.Key.StartsWith("did:", StringComparison.Ordinal))
                ? json["didDocument"]!.AsObject().Select(p => (p.Key, Document: p.Value!))
                : json.Select(p => (p.Key, Document: p.Value!["didDocument"]!));
            foreach (var (did, document) in entries)
            {
                yield return [file, did, document.ToJsonString()];
            }
        }
    }

    public static string Name(System.Reflection.MethodInfo method, object[] row) => $"{row[0]}: {row[1]}";

    [TestMethod]
    [DynamicData(nameof(Vectors), DynamicDataDisplayName = nameof(Name))]
    public async Task Resolve_PublishedVector_MatchesKeysAndRelationships(string file, string did, string expectedJson)
    {
        // Arrange
        var expected = DidDocumentJson.Parse(JsonNode.Parse(expectedJson));
        Assert.IsTrue(expected.IsSuccess, expected.Error?.ToString());
        var resolver = new DidResolver([new DidKeyMethod()]);

        // Act
        var result = await resolver.ResolveAsync(did);

        // Assert
        var expectedKey = expected.Value.VerificationMethod[0].GetPublicKey();
        if (!expectedKey.IsSuccess && expectedKey.Error.Code == ErrorCodes.UnsupportedPublicKeyType)
        {
            // P-521 vectors: a key type we deliberately do not support must be refused with the standard name.
            Assert.AreEqual(ErrorCodes.UnsupportedPublicKeyType, result.Error?.Code, $"{file} {did}");
            return;
        }

        Assert.IsTrue(result.IsSuccess, $"{file} {did}: {result.Error}");
        var actual = result.Document!;
        Assert.AreEqual(did, actual.Id.Value);
        CollectionAssert.AreEquivalent(
            expected.Value.VerificationMethod.Select(m => m.Id).ToList(),
            actual.VerificationMethod.Select(m => m.Id).ToList(),
            "verification method ids");
        foreach (var method in expected.Value.VerificationMethod)
        {
            var mine = actual.FindVerificationMethod(method.Id);
            Assert.IsTrue(mine.IsSuccess, method.Id);
            Assert.AreEqual(method.GetPublicKey().Value, mine.Value.GetPublicKey().Value, method.Id);
            Assert.AreEqual(VerificationMethodTypes.Multikey, mine.Value.Type);
        }

        foreach (var relationship in VerificationRelationships.All)
        {
            CollectionAssert.AreEqual(
                expected.Value.GetRelationship(relationship).Select(r => r.Id).ToList(),
                actual.GetRelationship(relationship).Select(r => r.Id).ToList(),
                relationship.ToPropertyName());
        }
    }

    [TestMethod]
    public void Vectors_AllFilesPresent_CountIsStable()
    {
        // Guards against a vector directory that silently shrank: 5 + 7 + 6 + 4 documents.
        Assert.AreEqual(22, Vectors().Count());
    }
}
