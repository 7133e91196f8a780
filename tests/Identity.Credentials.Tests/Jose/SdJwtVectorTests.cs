// References: RFC 9901, Selective Disclosure for JSON Web Tokens (SD-JWT), §4.2.3 (hashing disclosures): the two
//   disclosure/digest examples transcribed from the text, https://www.rfc-editor.org/rfc/rfc9901#section-4.2.3
using System.Text.Json.Nodes;
using Identity.Credentials.SdJwt;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Jose;

[TestClass]
public sealed class SdJwtVectorTests
{
    // ["6qMQvRL5haj", "family_name", "Möbius"]
    private const string ObjectDisclosure = "WyI2cU1RdlJMNWhhaiIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0";
    private const string ObjectDigest = "uutlBuYeMDyjLLTpf6Jxi7yNkEF35jdyWMn9U7b_RYY";

    // ["lklxF5jMYlGTPUovMNIvCA", "FR"]
    private const string ArrayDisclosure = "WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0";
    private const string ArrayDigest = "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs";

    [TestMethod]
    public void Digest_RfcExamples_MatchByteForByte()
    {
        Assert.AreEqual(ObjectDigest, SdHashAlgorithm.Sha256.Digest(ObjectDisclosure));
        Assert.AreEqual(ArrayDigest, SdHashAlgorithm.Sha256.Digest(ArrayDisclosure));
    }

    [TestMethod]
    public void Process_RfcDisclosures_RebuildTheClaims()
    {
        var payload = JsonNode.Parse($$"""
            {"iss":"https://issuer.example","_sd":["{{ObjectDigest}}","decoyDecoyDecoyDecoyDecoyDecoyDecoyDecoyDec"],
             "nationalities":[{"...":"{{ArrayDigest}}"},{"...":"undisclosedUndisclosedUndisclosedUndisclose"},"DE"],"_sd_alg":"sha-256"}
            """)!.AsObject();

        var processed = SdJwtProcessor.Process(payload, [ObjectDisclosure, ArrayDisclosure]);

        Assert.IsTrue(processed.IsSuccess, processed.Error?.Detail);
        var claims = processed.Value.Claims;
        Assert.AreEqual("Möbius", claims["family_name"]!.GetValue<string>());
        Assert.AreEqual("""["FR","DE"]""", claims["nationalities"]!.ToJsonString());
        Assert.IsFalse(claims.ContainsKey("_sd"));
        Assert.IsFalse(claims.ContainsKey("_sd_alg"));
        CollectionAssert.AreEquivalent(new[] { "family_name", "nationalities[0]" }, processed.Value.Disclosures.Select(d => d.Path).ToArray());
    }

    [TestMethod]
    public void Process_DisclosureWithNoDigest_IsDisclosureNotReferenced()
    {
        var payload = JsonNode.Parse($$"""{"_sd":["{{ObjectDigest}}"]}""")!.AsObject();
        var processed = SdJwtProcessor.Process(payload, [ObjectDisclosure, ArrayDisclosure]);
        Assert.AreEqual(ErrorCodes.DisclosureNotReferenced, processed.Error!.Code);
    }

    [TestMethod]
    public void Process_SameDisclosureTwice_IsDisclosureDuplicated()
    {
        var payload = JsonNode.Parse($$"""{"_sd":["{{ObjectDigest}}"]}""")!.AsObject();
        Assert.AreEqual(ErrorCodes.DisclosureDuplicated, SdJwtProcessor.Process(payload, [ObjectDisclosure, ObjectDisclosure]).Error!.Code);
    }

    [TestMethod]
    public void Process_DigestRepeatedInPayload_IsDisclosureDuplicated()
    {
        var payload = JsonNode.Parse($$$"""{"_sd":["{{{ObjectDigest}}}"],"a":{"_sd":["{{{ObjectDigest}}}"]}}""")!.AsObject();
        Assert.AreEqual(ErrorCodes.DisclosureDuplicated, SdJwtProcessor.Process(payload, [ObjectDisclosure]).Error!.Code);
    }

    [TestMethod]
    public void Process_ArrayDisclosureReferencedFromObject_IsMalformed()
    {
        var payload = JsonNode.Parse($$"""{"_sd":["{{ArrayDigest}}"]}""")!.AsObject();
        Assert.AreEqual(ErrorCodes.MalformedDisclosure, SdJwtProcessor.Process(payload, [ArrayDisclosure]).Error!.Code);
    }

    [TestMethod]
    public void Process_DisclosedNameAlreadyVisible_IsMalformed()
    {
        var payload = JsonNode.Parse($$"""{"family_name":"Doe","_sd":["{{ObjectDigest}}"]}""")!.AsObject();
        Assert.AreEqual(ErrorCodes.MalformedDisclosure, SdJwtProcessor.Process(payload, [ObjectDisclosure]).Error!.Code);
    }

    [TestMethod]
    [DataRow(60, true)]
    [DataRow(5000, false)]
    public void Process_DisclosuresNestedInEachOther_AreBoundedInDepth(int levels, bool accepted)
    {
        // Each disclosure's value hides the next one: [salt, "a", {"_sd": [digest of the next]}].
        var disclosures = new List<string>();
        string? inner = null;
        for (int i = 0; i < levels; i++)
        {
            JsonNode value = inner is null ? JsonValue.Create(1) : new JsonObject { ["_sd"] = new JsonArray(SdHashAlgorithm.Sha256.Digest(inner)) };
            inner = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(new JsonArray("c2FsdA", "a", value).ToJsonString()));
            disclosures.Add(inner);
        }

        var payload = new JsonObject { ["_sd"] = new JsonArray(SdHashAlgorithm.Sha256.Digest(inner!)) };
        var processed = SdJwtProcessor.Process(payload, disclosures.TakeLast(SdJwtProcessor.MaxDisclosures).ToList());

        if (accepted)
        {
            Assert.IsTrue(processed.IsSuccess, processed.Error?.Detail);
        }
        else
        {
            Assert.AreEqual(ErrorCodes.MalformedDisclosure, processed.Error!.Code);
        }
    }

    [TestMethod]
    [DataRow("sha-1")]
    [DataRow("SHA-256")]
    [DataRow("md5")]
    public void Process_UnsupportedSdAlg_IsRefused(string alg)
    {
        var payload = new JsonObject { ["_sd_alg"] = alg };
        Assert.AreEqual(ErrorCodes.UnsupportedHashAlgorithm, SdJwtProcessor.Process(payload, []).Error!.Code);
    }

    [TestMethod]
    [DataRow("WyJzYWx0Il0")]                         // ["salt"]
    [DataRow("WyJzYWx0IiwgIl9zZCIsIDFd")]            // ["salt", "_sd", 1]
    [DataRow("eyJhIjoxfQ")]                          // {"a":1}
    [DataRow("not base64!")]
    public void Process_MalformedDisclosure_IsRefused(string disclosure) =>
        Assert.AreEqual(ErrorCodes.MalformedDisclosure, SdJwtProcessor.Process([], [disclosure]).Error!.Code);
}
