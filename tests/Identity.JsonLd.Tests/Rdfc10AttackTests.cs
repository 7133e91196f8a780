// Red-team tests for the RDFC-1.0 shortcuts (one blank node labelled c14n0 without hashing; only quads with blank nodes
// made distinct, the rest dropped as duplicate output lines) and the vectorized IRI check.
using System.Text;
using Identity.JsonLd.Processing;
using Identity.JsonLd.Rdf;

namespace Identity.JsonLd.Tests;

[TestClass]
public sealed class Rdfc10AttackTests
{
    [TestMethod]
    [DataRow("_:x <urn:p> \"a\" .\n_:x <urn:p> \"a\" .\n<urn:s> <urn:q> _:x .\n<urn:s> <urn:q> _:x .\n",
        "<urn:s> <urn:q> _:c14n0 .\n_:c14n0 <urn:p> \"a\" .\n")]
    [DataRow("<urn:s> <urn:p> \"a\" <urn:g> .\n<urn:s> <urn:p> \"a\" .\n<urn:s> <urn:p> \"a\" _:g .\n<urn:s> <urn:p> \"a\" _:g .\n",
        "<urn:s> <urn:p> \"a\" .\n<urn:s> <urn:p> \"a\" <urn:g> .\n<urn:s> <urn:p> \"a\" _:c14n0 .\n")]
    [DataRow("<urn:b> <urn:p> \"2\" .\n<urn:a> <urn:p> \"1\" .\n<urn:b> <urn:p> \"2\" .\n<urn:a> <urn:p> \"1\" .\n",
        "<urn:a> <urn:p> \"1\" .\n<urn:b> <urn:p> \"2\" .\n")]
    [DataRow("_:z <urn:p> _:z .\n_:z <urn:p> _:z .\n", "_:c14n0 <urn:p> _:c14n0 .\n")]
    [DataRow("<urn:s> <urn:p> \"x\"^^<http://www.w3.org/2001/XMLSchema#string> .\n<urn:s> <urn:p> \"x\" .\n", "<urn:s> <urn:p> \"x\" .\n")]
    public void Canonicalize_OneOrNoBlankNodeWithDuplicates_IsTheCanonicalForm(string nquads, string expected)
    {
        var result = Rdfc10.Canonicalize(nquads);

        Assert.IsTrue(result.IsSuccess, result.Error?.Detail);
        Assert.AreEqual(expected, Encoding.UTF8.GetString(result.Value.Utf8.Span));
    }

    // Two blank nodes whose quads repeat: duplicates must not be hashed twice into a first-degree hash, so the labels are
    // those of the duplicate-free dataset.
    [TestMethod]
    public void Canonicalize_TwoBlankNodesWithDuplicates_SameAsWithoutThem()
    {
        const string once = "_:a <urn:p> \"1\" .\n_:b <urn:p> \"1\" .\n_:b <urn:q> \"2\" .\n<urn:s> <urn:r> _:a .\n";
        string twice = once + "_:a <urn:p> \"1\" .\n_:a <urn:p> \"1\" .\n<urn:s> <urn:r> _:a .\n";

        var expected = Rdfc10.Canonicalize(once);
        var actual = Rdfc10.Canonicalize(twice);

        Assert.AreEqual(Encoding.UTF8.GetString(expected.Value.Utf8.Span), Encoding.UTF8.GetString(actual.Value.Utf8.Span));
    }

    [TestMethod]
    public void IsWellFormed_EveryUtf16CodeUnit_SameAsTheScalarRule()
    {
        for (int c = 0; c <= 0xFFFF; c++)
        {
            char ch = (char)c;
            bool refused = c <= 0x20 || ch is '<' or '>' or '"' or '{' or '}' or '|' or '\\' or '^' or '`' || (c >= 0x7F && c <= 0x9F);
            foreach (string iri in (string[])["urn:a" + ch, "urn:" + ch + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "https://example.org/" + new string('a', 40) + ch + "b"])
            {
                Assert.AreEqual(!refused, IriReference.IsWellFormed(iri), $"U+{c:X4}");
            }
        }
    }
}
