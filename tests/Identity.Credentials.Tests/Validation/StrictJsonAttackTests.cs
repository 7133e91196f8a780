// Red-team tests for StrictJson's one-pass parse of plain text (no backslash, no BOM): it must refuse exactly what the
// full check refuses (repeated names, excess nesting, comments, trailing commas, malformed UTF-8) with the same code,
// and what it accepts must be a tree that reads without throwing.
using System.Text;
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Validation;

[TestClass]
public sealed class StrictJsonAttackTests
{
    [TestMethod]
    [DataRow("""{"a":1,"a":2}""")]
    [DataRow("""{"a":1,"a":1}""")]
    [DataRow("""{"a":{"b":1,"b":{}}}""")]
    [DataRow("""[{"x":1},{"x":1,"y":2,"x":3}]""")]
    [DataRow("""{"a":1,"b":2,"a":{"a":1}}""")]
    [DataRow("""{"":1,"":2}""")]
    [DataRow("""{"é":1,"é":2}""")]
    [DataRow("""{"a":1}/*c*/""")]
    [DataRow("""{"a":1,}""")]
    [DataRow("""[1,]""")]
    [DataRow("""{"a":NaN}""")]
    [DataRow("""{"a":Infinity}""")]
    [DataRow("""{'a':1}""")]
    [DataRow("""{"a":01}""")]
    [DataRow("{\"a\":\"\u0001\"}")]
    [DataRow("{\"a\":\"line\nbreak\"}")]
    [DataRow("""{"a":1} {"b":2}""")]
    [DataRow("")]
    [DataRow("   ")]
    public void Parse_PlainTextTheFullCheckRefuses_InvalidJson(string text)
    {
        Result<JsonNode?> parsed = StrictJson.Parse(Encoding.UTF8.GetBytes(text));

        Assert.IsFalse(parsed.IsSuccess, text);
        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error!.Code, text);
    }

    [TestMethod]
    public void Parse_RepeatedNameAfterManyMembers_InvalidJson()
    {
        var text = new StringBuilder("{");
        for (int i = 0; i < 5000; i++)
        {
            text.Append("\"m").Append(i).Append("\":").Append(i).Append(',');
        }

        text.Append("\"m2500\":0}");

        Result<JsonNode?> parsed = StrictJson.Parse(Encoding.UTF8.GetBytes(text.ToString()));

        Assert.IsFalse(parsed.IsSuccess);
        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error!.Code);
    }

    [TestMethod]
    [DataRow(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' })]
    [DataRow(new byte[] { (byte)'"', 0xC0, 0xAF, (byte)'"' })]
    [DataRow(new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' })]
    [DataRow(new byte[] { (byte)'"', 0xF4, 0x90, 0x80, 0x80, (byte)'"' })]
    [DataRow(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    public void Parse_BomOrMalformedUtf8_InvalidJson(byte[] utf8)
    {
        Result<JsonNode?> parsed = StrictJson.Parse(utf8);

        Assert.IsFalse(parsed.IsSuccess);
        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error!.Code);
    }

    // The nesting limit is the same on both paths: maxDepth levels parse, one more is jsonTooDeep, plain or escaped.
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(64)]
    public void Parse_NestingAtAndBeyondTheLimit_SameOnThePlainAndTheEscapedPath(int maxDepth)
    {
        foreach (string leaf in (string[])["1", "\"\\u0061\""])
        {
            string at = new string('[', maxDepth - 1) + "{\"a\":" + leaf + "}" + new string(']', maxDepth - 1);
            string beyond = "[" + at + "]";

            Result<JsonNode?> accepted = StrictJson.Parse(Encoding.UTF8.GetBytes(at), maxDepth);
            Result<JsonNode?> refused = StrictJson.Parse(Encoding.UTF8.GetBytes(beyond), maxDepth);

            Assert.IsTrue(accepted.IsSuccess, $"{maxDepth} levels ({leaf}): {accepted.Error?.Detail}");
            Assert.IsFalse(refused.IsSuccess, $"{maxDepth + 1} levels ({leaf})");
            Assert.AreEqual(ErrorCodes.JsonTooDeep, refused.Error!.Code, leaf);
        }
    }

    // What the plain path accepts reads in full without throwing (no lazily found duplicate) and is the document.
    [TestMethod]
    [DataRow("{\"a\":[1,2,{\"b\":\"c\",\"d\":null}],\"e\":true,\"f\":1.5e300,\"g\":\"\u2028 \U0001F600 \u00e9\"}")]
    [DataRow("{\"A\":1,\"a\":2,\"\uFF41\":3,\"e\u0301\":4,\"\u00e9\":5}")]
    [DataRow("null")]
    [DataRow("  [ ]  ")]
    public void Parse_PlainAccepted_ReadsInFullAndIsTheDocument(string text)
    {
        Result<JsonNode?> plain = StrictJson.Parse(Encoding.UTF8.GetBytes(text));

        Assert.IsTrue(plain.IsSuccess, plain.Error?.Detail);
        Assert.AreEqual(JsonNode.Parse(text)?.ToJsonString(), plain.Value?.ToJsonString());
    }

    [TestMethod]
    public void Parse_EscapedDuplicateOfAPlainName_InvalidJson()
    {
        Result<JsonNode?> parsed = StrictJson.Parse(Encoding.UTF8.GetBytes("""{"id":"urn:a","\u0069d":"urn:b"}"""));

        Assert.IsFalse(parsed.IsSuccess);
        Assert.AreEqual(ErrorCodes.InvalidJson, parsed.Error!.Code);
    }
}
