using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Canonicalization;

/// <summary>Inputs with no canonical form: each must fail as a value with a stable code, never throw.</summary>
public sealed partial class JcsTests
{
    [TestMethod]
    [DataRow(double.NaN)]
    [DataRow(double.PositiveInfinity)]
    [DataRow(double.NegativeInfinity)]
    public void Canonicalize_NonFiniteNumberInNode_FailsUnrepresentable(double value)
    {
        AssertFailure(Jcs.Canonicalize(new JsonObject { ["a"] = new JsonArray(1, value) }), ErrorCodes.JcsUnrepresentable);
        AssertFailure(Jcs.Canonicalize(JsonValue.Create((float)value)), ErrorCodes.JcsUnrepresentable);
    }

    [TestMethod]
    // Written escaped: test data with lone surrogates does not survive the test platform's serialization.
    [DataRow(@"x\uD800y", DisplayName = "lone high surrogate")]
    [DataRow(@"x\uDC00", DisplayName = "lone low surrogate")]
    [DataRow(@"\uD800", DisplayName = "high surrogate at end")]
    [DataRow(@"\uDE00\uD83D", DisplayName = "reversed pair")]
    [DataRow(@"\uD800\n", DisplayName = "high surrogate before escape")]
    [DataRow(@"\uD800\uD800\uDC00", DisplayName = "high surrogate before pair")]
    public void Canonicalize_LoneSurrogateInNode_FailsUnrepresentable(string escaped)
    {
        string text = Regex.Unescape(escaped);

        AssertFailure(Jcs.Canonicalize(new JsonObject { ["a"] = text }), ErrorCodes.JcsUnrepresentable);
        AssertFailure(Jcs.Canonicalize(new JsonObject { [text] = 1 }), ErrorCodes.JcsUnrepresentable);
        Assert.IsFalse(Jcs.TryWrite(new JsonArray(text), new System.Buffers.ArrayBufferWriter<byte>(), out Error? error));
        Assert.AreEqual(ErrorCodes.JcsUnrepresentable, error.Code);
    }

    [TestMethod]
    [DataRow("""{"a":"x\ud800y"}""", DisplayName = "lone high surrogate in value")]
    [DataRow("""{"a":"\udc00"}""", DisplayName = "lone low surrogate in value")]
    [DataRow("""{"\ud800":1}""", DisplayName = "lone high surrogate in key")]
    [DataRow("""{"k\udfff":1}""", DisplayName = "lone low surrogate in key")]
    [DataRow("""["\ud800\u0041"]""", DisplayName = "high surrogate then non-surrogate")]
    [DataRow("""["\udc00\ud800"]""", DisplayName = "reversed pair")]
    [DataRow("""["\ud800\ud800"]""", DisplayName = "two high surrogates")]
    [DataRow("1e400", DisplayName = "overflow")]
    [DataRow("[-1e400]", DisplayName = "negative overflow")]
    [DataRow("""{"a":123456789e999}""", DisplayName = "overflow in object")]
    public void Canonicalize_UnrepresentableText_FailsUnrepresentable(string json)
    {
        AssertFailure(Jcs.Canonicalize(Encoding.UTF8.GetBytes(json)), ErrorCodes.JcsUnrepresentable);
        AssertFailure(Jcs.Canonicalize(JsonNode.Parse(json)), ErrorCodes.JcsUnrepresentable);
    }

    [TestMethod]
    [DataRow("""{"a":1,"a":2}""", DisplayName = "duplicate key")]
    [DataRow("""{"a":1,"\u0061":2}""", DisplayName = "duplicate key after unescaping")]
    [DataRow("""[{"x":{"b":1,"c":2,"b":3}}]""", DisplayName = "nested duplicate key")]
    [DataRow("""{"a":""", DisplayName = "truncated object")]
    [DataRow("""[1,2""", DisplayName = "truncated array")]
    [DataRow("""{"a":"abc""", DisplayName = "truncated string")]
    [DataRow("", DisplayName = "empty")]
    [DataRow("[1,]", DisplayName = "trailing comma")]
    [DataRow("{} {}", DisplayName = "two values")]
    [DataRow("[1] // comment", DisplayName = "comment")]
    [DataRow("NaN", DisplayName = "NaN literal")]
    [DataRow("{'a':1}", DisplayName = "single quotes")]
    [DataRow("[\"\t\"]", DisplayName = "raw control character")]
    [DataRow("[01]", DisplayName = "leading zero")]
    public void Canonicalize_InvalidText_FailsInvalidJson(string json) =>
        AssertFailure(Jcs.Canonicalize(Encoding.UTF8.GetBytes(json)), ErrorCodes.InvalidJson);

    [TestMethod]
    public void Canonicalize_InvalidUtf8InString_FailsInvalidJson()
    {
        AssertFailure(Jcs.Canonicalize([(byte)'"', 0xFF, (byte)'"']), ErrorCodes.InvalidJson);
        AssertFailure(Jcs.Canonicalize([(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']), ErrorCodes.InvalidJson); // CESU surrogate.
        AssertFailure(Jcs.Canonicalize([(byte)'{', (byte)'"', 0xC3, (byte)'"', (byte)':', (byte)'1', (byte)'}']), ErrorCodes.InvalidJson);
    }

    [TestMethod]
    public void Canonicalize_DuplicateKeysInJsonElement_FailsInvalidJson()
    {
        using JsonDocument document = JsonDocument.Parse("""{"z":0,"a":1,"a":2}""");

        AssertFailure(Jcs.Canonicalize(document.RootElement), ErrorCodes.InvalidJson);
    }

    [TestMethod]
    public void Canonicalize_DefaultJsonElement_FailsInvalidJson() =>
        AssertFailure(Jcs.Canonicalize(default(JsonElement)), ErrorCodes.InvalidJson);

    [TestMethod]
    public void Canonicalize_TextDeeperThanMaxParseDepth_FailsInvalidJson()
    {
        string json = new string('[', Jcs.MaxParseDepth + 1) + new string(']', Jcs.MaxParseDepth + 1);

        AssertFailure(Jcs.Canonicalize(Encoding.UTF8.GetBytes(json)), ErrorCodes.InvalidJson);
    }

    [TestMethod]
    public void Canonicalize_NodeTooDeepForTheStack_FailsUnrepresentable()
    {
        // Built in code, so no parser depth limit applies; the writer must stop before the stack runs out.
        JsonNode node = Nest(1_000_000);

        AssertFailure(Jcs.Canonicalize(node), ErrorCodes.JcsUnrepresentable);
    }

    private static void AssertFailure<T>(Result<T> result, string expectedCode)
    {
        Assert.IsFalse(result.IsSuccess, $"Expected {expectedCode} but canonicalization succeeded: {result}");
        Assert.AreEqual(expectedCode, result.Error.Code, result.Error.Detail);
        Assert.IsFalse(string.IsNullOrWhiteSpace(result.Error.Detail));
    }
}
