// References: RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785

using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;

namespace Identity.Credentials.Tests.Canonicalization;

[TestClass]
public sealed partial class JcsTests
{
    [TestMethod]
    public void Canonicalize_NodeFromClrValues_MatchesCanonicalText()
    {
        var node = new JsonObject
        {
            ["int"] = 42,
            ["long"] = 9007199254740993L,
            ["double"] = 1e21,
            ["decimal"] = 1.10m,
            ["float"] = 0.5f,
            ["string"] = "x",
            ["true"] = true,
            ["false"] = false,
            ["null"] = null,
            ["guid"] = JsonValue.Create(Guid.Empty),
            ["short"] = JsonValue.Create((short)-7),
            ["array"] = new JsonArray(1, "two", new JsonObject()),
        };

        string canonical = Jcs.CanonicalizeToString(node).Value;

        Assert.AreEqual(
            """{"array":[1,"two",{}],"decimal":1.1,"double":1e+21,"false":false,"float":0.5,"guid":"00000000-0000-0000-0000-000000000000","int":42,"long":9007199254740992,"null":null,"short":-7,"string":"x","true":true}""",
            canonical);
    }

    [TestMethod]
    public void Canonicalize_KeysAboveBmp_SortByUtf16CodeUnitsNotCodePoints()
    {
        // U+1F600 is the pair D83D DE00, which sorts before U+FFFF by code unit although its code point is larger.
        var node = new JsonObject { ["\uFFFF"] = 1, ["\U0001F600"] = 2, ["z"] = 3, ["é"] = 4, [""] = 5 };

        Assert.AreEqual("{\"\":5,\"z\":3,\"é\":4,\"\U0001F600\":2,\"\uFFFF\":1}", Jcs.CanonicalizeToString(node).Value);
        Assert.AreEqual(
            "{\"\":5,\"z\":3,\"é\":4,\"\U0001F600\":2,\"\uFFFF\":1}",
            Encoding.UTF8.GetString(Jcs.Canonicalize("""{"\uffff":1,"\ud83d\ude00":2,"z":3,"\u00e9":4,"":5}"""u8).Value));
    }

    [TestMethod]
    public void Canonicalize_StringWithEveryEscapeClass_EscapesOnlyWhatRfc8785Requires()
    {
        string value = "\u0000\u0007\b\t\n\u000b\f\r\u001f\"\\/\u007f\u0080\u2028\u2029é\U0001F600";
        const string Expected = "\"\\u0000\\u0007\\b\\t\\n\\u000b\\f\\r\\u001f\\\"\\\\/\u007f\u0080\u2028\u2029é\U0001F600\"";

        string fromNode = Jcs.CanonicalizeToString(JsonValue.Create(value)).Value;
        string fromText = Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).Value);

        Assert.AreEqual(Expected, fromNode);
        Assert.AreEqual(Expected, fromText);
    }

    [TestMethod]
    [DataRow("-0", "0")]
    [DataRow("-0.0", "0")]
    [DataRow("0e10", "0")]
    [DataRow("56.0", "56")]
    [DataRow("1E30", "1e+30")]
    [DataRow("-12", "-12")]
    [DataRow("999999999999999", "999999999999999")]
    [DataRow("123456789012345678901234", "1.2345678901234569e+23")]
    [DataRow("9007199254740993", "9007199254740992")]
    [DataRow("1e-400", "0")]
    [DataRow("0.1e1", "1")]
    public void Canonicalize_NumberText_ReadsAsDouble(string json, string expected) =>
        Assert.AreEqual(expected, Encoding.UTF8.GetString(Jcs.Canonicalize(Encoding.UTF8.GetBytes(json)).Value));

    [TestMethod]
    public void Canonicalize_NestedStructures_SortsRecursivelyAndKeepsArrayOrder()
    {
        byte[] json = """ { "b" : [ 3, { "y": 1, "x": [ ] } , 1 ], "a" : { "d": null, "c": "\/" } } """u8.ToArray();

        string canonical = Encoding.UTF8.GetString(Jcs.Canonicalize(json).Value);

        Assert.AreEqual("""{"a":{"c":"/","d":null},"b":[3,{"x":[],"y":1},1]}""", canonical);
    }

    [TestMethod]
    public void TryWrite_ToBufferWriter_WritesSameBytesAsCanonicalize()
    {
        JsonNode node = JsonNode.Parse("""{"z":[1.5,"\u00e9"],"a":true}""")!;
        var output = new ArrayBufferWriter<byte>(1);

        bool written = Jcs.TryWrite(node, output, out var error);

        Assert.IsTrue(written);
        Assert.IsNull(error);
        CollectionAssert.AreEqual(Jcs.Canonicalize(node).Value, output.WrittenSpan.ToArray());
    }

    [TestMethod]
    public void TryWrite_NullOutput_Throws() =>
        Assert.ThrowsExactly<ArgumentNullException>(() => Jcs.TryWrite(null, null!, out _));

    [TestMethod]
    public void Canonicalize_NullNode_IsNullLiteral() =>
        Assert.AreEqual("null", Jcs.CanonicalizeToString(null).Value);

    [TestMethod]
    public void Canonicalize_LongString_CrossesTranscodingSlices()
    {
        string value = string.Concat(Enumerable.Repeat("a\U0001F600\u00e9\n", 3000));

        string canonical = Jcs.CanonicalizeToString(JsonValue.Create(value)).Value;

        Assert.AreEqual("\"" + string.Concat(Enumerable.Repeat("a\U0001F600\u00e9\\n", 3000)) + "\"", canonical);
    }

    [TestMethod]
    public void Canonicalize_NodeNestedTwoHundredDeep_Succeeds()
    {
        JsonNode node = Nest(200);

        Assert.AreEqual(new string('[', 200) + "1" + new string(']', 200), Jcs.CanonicalizeToString(node).Value);
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = JsonValue.Create(1);
        for (int i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }
}
