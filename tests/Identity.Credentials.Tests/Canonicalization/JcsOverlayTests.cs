// References: RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785

using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;

namespace Identity.Credentials.Tests.Canonicalization;

/// <summary>
/// Issue 23: a Data Integrity JCS proof is hashed straight from the secured document, with <c>proof</c> (or
/// <c>proofValue</c>) left out and <c>@context</c> replaced while writing. The bytes must be exactly those of the
/// modified deep copy the verifier used to build, and the document must be left as it was.
/// </summary>
[TestClass]
public sealed class JcsOverlayTests
{
    private const string Document = """
        {"z": 1, "@context": ["https://www.w3.org/ns/credentials/v2", {"a": "https://example.test/a"}],
         "proof": {"type": "DataIntegrityProof", "proofValue": "z3"}, "é": "\u00e9", "b": [true, null, {"y": 2, "x": 1e21}],
         "\ud83d\ude00": "emoji sorts by UTF-16 code units", "\ufb01": "after the surrogate pair"}
        """;

    private static byte[] ViaCopy(JsonObject source, JcsOverlay overlay)
    {
        var copy = (JsonObject)source.DeepClone();
        if (overlay.Omit is { } omit)
        {
            copy.Remove(omit);
        }

        if (overlay.Replace)
        {
            copy[overlay.ReplaceName!] = overlay.Replacement?.DeepClone();
        }

        return Jcs.Canonicalize(copy).Value;
    }

    public static IEnumerable<object?[]> Overlays =>
    [
        ["none", new JcsOverlay(null)],
        ["omit proof", new JcsOverlay("proof")],
        ["omit a member that is absent", new JcsOverlay("absent")],
        ["omit proof, replace @context", new JcsOverlay("proof", true, "@context", JsonNode.Parse("""["https://www.w3.org/ns/credentials/v2"]"""))],
        ["replace @context with JSON null", new JcsOverlay("proof", true, "@context", null)],
        ["add a member the object lacks", new JcsOverlay(null, true, "aa", JsonValue.Create("added"))],
        ["replace a member that sorts last", new JcsOverlay(null, true, "\ufb01", JsonValue.Create(7))],
    ];

    [TestMethod]
    [DynamicData(nameof(Overlays))]
    public void Canonicalize_WithOverlay_EqualsCanonicalizingTheModifiedCopy(string name, JcsOverlay overlay)
    {
        // Arrange
        JsonObject document = JsonNode.Parse(Document)!.AsObject();
        string before = document.ToJsonString();

        // Act
        byte[] direct = Jcs.Canonicalize(document, overlay).Value;

        // Assert
        CollectionAssert.AreEqual(ViaCopy(document, overlay), direct, name);
        Assert.AreEqual(before, document.ToJsonString(), "the document must not change");
    }

    [TestMethod]
    public void Canonicalize_OverlayOmittingTheOnlyMember_WritesAnEmptyObject()
    {
        JsonObject document = JsonNode.Parse("""{"proof": {"proofValue": "z1"}}""")!.AsObject();

        Assert.AreEqual("{}", System.Text.Encoding.UTF8.GetString(Jcs.Canonicalize(document, new JcsOverlay("proof")).Value));
    }

    [TestMethod]
    public void Canonicalize_OverlayOverALoneSurrogate_FailsAsTheCopyWould()
    {
        JsonObject document = JsonNode.Parse("""{"proof": 1, "bad": "\ud800"}""")!.AsObject();

        Assert.IsFalse(Jcs.Canonicalize(document, new JcsOverlay("proof")).IsSuccess);
        Assert.IsFalse(Jcs.Canonicalize((JsonObject)document.DeepClone()).IsSuccess);
    }
}
