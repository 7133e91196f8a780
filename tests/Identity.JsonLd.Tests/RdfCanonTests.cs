using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Identity.JsonLd.Rdf;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.JsonLd.Tests;

/// <summary>The W3C RDFC-1.0 test suite (rdf-canon/tests/manifest.jsonld): every eval, map and negative test.</summary>
[TestClass]
public sealed class RdfCanonTests
{
    public static IEnumerable<object[]> Entries()
    {
        string root = TestVectors.Path("rdf-canon", "tests");
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "manifest.jsonld")))!;
        foreach (JsonNode? entry in manifest["entries"]!.AsArray())
        {
            yield return
            [
                (string)entry!["id"]!,
                (string)entry["type"]!,
                (string)entry["action"]!,
                (string?)entry["result"] ?? string.Empty,
                (string?)entry["hashAlgorithm"] ?? "SHA256",
            ];
        }
    }

    [TestMethod]
    public void Manifest_HasEveryTest() => Assert.AreEqual(86, Entries().Count());

    [TestMethod]
    public void Canonicalize_SuitePositiveTests_StayFarBelowTheDefaultBound()
    {
        string root = TestVectors.Path("rdf-canon", "tests");
        int most = 0;
        foreach (object[] entry in Entries().Where(e => (string)e[1] != "rdfc:RDFC10NegativeEvalTest"))
        {
            Result<CanonicalDataset> canonical = Rdfc10.Canonicalize(File.ReadAllText(Path.Combine(root, (string)entry[2])));
            Assert.IsTrue(canonical.IsSuccess, (string)entry[0]);
            most = Math.Max(most, canonical.Value.Work);
        }

        Assert.IsLessThan(Rdfc10Options.DefaultMaxWork / 10, most, $"most work: {most}");
        Console.WriteLine($"Most hash-n-degree work in the positive suite: {most} units.");
    }

    [TestMethod]
    public void Canonicalize_Clique_FailsFastWithTheLimitCode()
    {
        string input = File.ReadAllText(TestVectors.Path("rdf-canon", "tests", "rdfc10", "test074-in.nq"));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Result<CanonicalDataset> canonical = Rdfc10.Canonicalize(input);

        Assert.AreEqual(ErrorCodes.CanonicalizationLimitExceeded, canonical.Error?.Code);
        Assert.IsLessThan(5_000, watch.ElapsedMilliseconds);
    }

    [TestMethod]
    public void Canonicalize_MalformedNQuads_ReturnsInvalidNQuads()
    {
        Assert.AreEqual(ErrorCodes.InvalidNQuads, Rdfc10.Canonicalize("<a> <http://p> \"x\" .").Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidNQuads, Rdfc10.Canonicalize("_:a \"lit\" <http://o> .").Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidNQuads, Rdfc10.Canonicalize("<http://s> <http://p> \"unterminated .").Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidNQuads, Rdfc10.Canonicalize("<http://s> <http://p> <http://o>").Error?.Code);
    }

    [TestMethod]
    [DynamicData(nameof(Entries))]
    public void Canonicalize_ManifestEntry_MatchesExpected(string id, string type, string action, string result, string hash)
    {
        // Arrange
        string root = TestVectors.Path("rdf-canon", "tests");
        string input = File.ReadAllText(Path.Combine(root, action));
        var options = new Rdfc10Options { HashAlgorithm = hash == "SHA384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256 };

        // Act
        Result<CanonicalDataset> canonical = Rdfc10.Canonicalize(input, options);

        // Assert
        switch (type)
        {
            case "rdfc:RDFC10EvalTest":
                Assert.IsTrue(canonical.IsSuccess, $"{id}: {canonical.Error}");
                Assert.AreEqual(File.ReadAllText(Path.Combine(root, result)), canonical.Value.NQuads, id);
                break;
            case "rdfc:RDFC10MapTest":
                Assert.IsTrue(canonical.IsSuccess, $"{id}: {canonical.Error}");
                var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(root, result)))!.AsObject();
                Assert.AreEqual(expected.Count, canonical.Value.IssuedIdentifiers.Count, id);
                foreach ((string label, JsonNode? issued) in expected)
                {
                    Assert.AreEqual((string)issued!, canonical.Value.IssuedIdentifiers[label], $"{id}: {label}");
                }

                break;
            case "rdfc:RDFC10NegativeEvalTest":
                Assert.IsFalse(canonical.IsSuccess, id);
                Assert.AreEqual(ErrorCodes.CanonicalizationLimitExceeded, canonical.Error!.Code, id);
                break;
            default:
                Assert.Fail($"{id}: unknown test type {type}.");
                break;
        }
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void Canonicalize_DuplicateQuads_SameAsTheDistinctDataset(int blankNodes)
    {
        // Arrange: blank nodes (none hashed when there is one), IRIs, a duplicate of every quad in another order.
        var quads = new List<RdfQuad>();
        for (int i = 0; i < blankNodes; i++)
        {
            RdfTerm node = RdfTerm.Blank("n" + i);
            quads.Add(new(node, RdfTerm.Iri("http://example.org/p"), RdfTerm.Literal("v" + (i % 2)), RdfTerm.DefaultGraph));
            quads.Add(new(RdfTerm.Iri("http://example.org/s"), RdfTerm.Iri("http://example.org/q"), node, RdfTerm.DefaultGraph));
        }

        quads.Add(new(RdfTerm.Iri("http://example.org/s"), RdfTerm.Iri("http://example.org/r"), RdfTerm.Literal("x", language: "en"), RdfTerm.DefaultGraph));
        RdfQuad[] doubled = [.. quads, .. Enumerable.Reverse(quads)];

        // Act
        CanonicalDataset once = Rdfc10.Canonicalize(quads).Value;
        CanonicalDataset twice = Rdfc10.Canonicalize(doubled).Value;

        // Assert
        Assert.AreEqual(once.NQuads, twice.NQuads);
        Assert.AreEqual(quads.Count, once.NQuads.Count(c => c == '\n'));
        Assert.Contains($"_:c14n{blankNodes - 1} <http://example.org/p> \"v0\" .\n", once.NQuads);
    }
}
