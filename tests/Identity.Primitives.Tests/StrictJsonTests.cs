using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Primitives.Tests;

[TestClass]
public sealed class StrictJsonTests
{
    [TestMethod]
    [DataRow("{\"a\": [1, 2.5, \"x\", true, null, {\"b\": \"\\u00e9\\ud83d\\ude00\"}]}")]
    [DataRow("[]")]
    [DataRow("\"\\ud83d\\ude00 paired escapes\"")]
    [DataRow("{\"\\u0062\": 1, \"a\": 2}")]
    public void Parse_WellFormed_ReturnsTheTree(string text)
    {
        var parsed = StrictJson.Parse(Encoding.UTF8.GetBytes(text));

        Assert.IsTrue(parsed.IsSuccess, parsed.ToString());
        Assert.AreEqual(JsonNode.Parse(text)!.ToJsonString(), parsed.Value!.ToJsonString());
    }

    [TestMethod]
    [DataRow("{\"a\": \"\\ud800\"}", "value: escaped high surrogate")]
    [DataRow("{\"a\": \"\\udc00\"}", "value: escaped low surrogate")]
    [DataRow("{\"a\": \"x\\ud800\\u0041\"}", "value: high surrogate followed by a non-surrogate")]
    [DataRow("{\"a\": \"\\udc00\\ud800\"}", "value: reversed pair")]
    [DataRow("{\"a\": \"\\ud800\"}", "value at the end")]
    [DataRow("{\"\\ud800\": 1}", "member name")]
    [DataRow("{\"x\": {\"y\\udfff\": 1}}", "nested member name")]
    [DataRow("[\"ok\", \"\\ud800\"]", "array element")]
    public void Parse_EscapedLoneSurrogate_IsInvalidJson(string text, string where)
    {
        var parsed = StrictJson.Parse(Encoding.UTF8.GetBytes(text));

        Assert.IsFalse(parsed.IsSuccess, where);
        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error!.Code, where);
        StringAssert.Contains(parsed.Error.Detail, "lone surrogate", where);
    }

    [TestMethod]
    [DataRow(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D }, "0xFF in a value")]
    [DataRow(new byte[] { 0x7B, 0x22, 0xC3, 0x22, 0x3A, 0x31, 0x7D }, "truncated sequence in a name")]
    [DataRow(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D }, "raw (CESU) surrogate")]
    [DataRow(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D }, "overlong slash")]
    [DataRow(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x7D }, "beyond U+10FFFF")]
    [DataRow(new byte[] { 0x5B, 0x31, 0x5D, 0x80 }, "stray continuation byte after the value")]
    public void Parse_InvalidUtf8_IsInvalidJson(byte[] utf8, string what)
    {
        var parsed = StrictJson.Parse(utf8);

        Assert.IsFalse(parsed.IsSuccess, what);
        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error!.Code, what);
        StringAssert.Contains(parsed.Error.Detail, "UTF-8", what);
    }

    [TestMethod]
    public void Parse_StringWithLoneSurrogate_IsInvalidJson()
    {
        var parsed = StrictJson.Parse("{\"a\": \"" + '\uD800' + "\"}");

        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error?.Code);
    }

    [TestMethod]
    [DataRow("{\"a\": 1, \"a\": 2}")]
    [DataRow("{\"a\": 1, \"\\u0061\": 2}")]
    [DataRow("[{\"x\": {\"b\": 1, \"b\": 1}}]")]
    public void Parse_DuplicateMemberName_IsInvalidJson(string text)
    {
        var parsed = StrictJson.Parse(Encoding.UTF8.GetBytes(text));

        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error?.Code);
        StringAssert.Contains(parsed.Error!.Detail, "unique");
    }

    [TestMethod]
    public void Parse_SameNameInSiblingObjects_IsAccepted()
    {
        Assert.IsTrue(StrictJson.Parse("[{\"a\": 1}, {\"a\": 2}, {\"b\": {\"a\": 3}}]"u8).IsSuccess);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("{")]
    [DataRow("{\"a\": 1,}")]
    [DataRow("// c\n{}")]
    [DataRow("{} {}")]
    [DataRow("\uFEFF{}")]
    [DataRow("{\"a\": \"\u0001\"}")]
    public void Parse_Malformed_IsInvalidJson(string text)
    {
        Assert.AreEqual(ErrorCodes.InvalidJson, StrictJson.Parse(Encoding.UTF8.GetBytes(text)).Error?.Code);
    }

    [TestMethod]
    public void Parse_DeeperThanTheLimit_IsJsonTooDeep_WithoutRecursion()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000));

        Assert.AreEqual(ErrorCodes.JsonTooDeep, StrictJson.Parse(deep).Error?.Code);
        Assert.AreEqual(ErrorCodes.JsonTooDeep, StrictJson.Parse("[[[1]]]"u8, maxDepth: 2).Error?.Code);
        Assert.AreEqual(ErrorCodes.JsonTooDeep, StrictJson.Parse("{\"a\": {\"b\": []}}"u8, maxDepth: 2).Error?.Code);
        Assert.IsTrue(StrictJson.Parse("[[[1]]]"u8, maxDepth: 3).IsSuccess);
    }

    [TestMethod]
    public void ParseObject_NonObject_IsInvalidJson_NamingTheDocument()
    {
        var parsed = StrictJson.ParseObject("[1]"u8, "The status list");

        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error?.Code);
        StringAssert.StartsWith(parsed.Error!.Detail, "The status list");
    }

    [TestMethod]
    public void Parse_EveryStringOfAnAcceptedTree_CanBeRead()
    {
        var parsed = StrictJson.Parse("{\"n\\u00e9\": [\"\\ud83d\\ude00\", {\"k\": \"\\n\\u0000\"}]}"u8).Value!;

        Assert.AreEqual("\ud83d\ude00", parsed["n\u00e9"]![0]!.GetValue<string>());
        Assert.AreEqual("\n\0", parsed["n\u00e9"]![1]!["k"]!.GetValue<string>());
    }
}
