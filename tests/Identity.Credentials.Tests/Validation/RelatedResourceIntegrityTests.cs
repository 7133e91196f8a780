using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Validation;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Validation;

/// <summary>VC DM 2.0 §5.3: digests checked against held bytes only; a mismatch or an uncheckable digest fails.</summary>
[TestClass]
public sealed class RelatedResourceIntegrityTests
{
    private const string Held = "https://held.example/context";
    private static readonly byte[] s_bytes = Encoding.UTF8.GetBytes("{\"@context\": {\"name\": \"https://schema.org/name\"}}\n");

    private sealed class Source : IRelatedResourceSource
    {
        public bool TryGetBytes(string url, out ReadOnlyMemory<byte> bytes)
        {
            bytes = url == Held ? s_bytes : ReadOnlyMemory<byte>.Empty;
            return url == Held;
        }
    }

    private static RelatedResourceOutcome Check(JsonObject entry, string id = Held)
    {
        entry["id"] = id;
        return RelatedResourceIntegrity.Check(new JsonObject { ["relatedResource"] = new JsonArray(entry) }, new Source());
    }

    private static string Sri(string name, byte[] digest) => $"{name}-{Convert.ToBase64String(digest)}";

    public static IEnumerable<object[]> Matching() =>
    [
        [new JsonObject { ["digestSRI"] = Sri("sha384", SHA384.HashData(s_bytes)) }],
        [new JsonObject { ["digestSRI"] = Sri("sha256", SHA256.HashData(s_bytes)) }],
        [new JsonObject { ["digestSRI"] = $"{Sri("sha256", new byte[32])} {Sri("sha512", SHA512.HashData(s_bytes))}" }],
        [new JsonObject { ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, SHA256.HashData(s_bytes)) }],
        [new JsonObject { ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base58Btc, [0x12, 0x20, .. SHA256.HashData(s_bytes)]) }],
        [new JsonObject { ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, [0x20, 0x30, .. SHA384.HashData(s_bytes)]) }],
        [new JsonObject { ["digestSRI"] = Sri("sha384", SHA384.HashData(s_bytes)), ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, SHA512.HashData(s_bytes)) }],
    ];

    [TestMethod]
    [DynamicData(nameof(Matching))]
    public void Check_DigestOfTheHeldBytes_Matches(JsonObject entry)
    {
        RelatedResourceOutcome outcome = Check(entry);

        Assert.IsNull(outcome.Mismatch, outcome.Mismatch?.ToString());
        CollectionAssert.AreEqual(new[] { Held }, outcome.Checked.ToArray());
    }

    public static IEnumerable<object[]> NotMatching() =>
    [
        [new JsonObject { ["digestSRI"] = Sri("sha384", SHA384.HashData([.. s_bytes, 0x20])) }, "digestSRI"],
        [new JsonObject { ["digestSRI"] = Sri("sha384", SHA384.HashData(s_bytes)).Replace('+', '-').Replace('/', '_') + "_" }, "digestSRI"],
        [new JsonObject { ["digestSRI"] = $"{Sri("sha256", SHA256.HashData(s_bytes))} {Sri("sha512", new byte[64])}" }, "digestSRI (sha512)"],
        [new JsonObject { ["digestSRI"] = Sri("md5", MD5.HashData(s_bytes)) }, "no supported algorithm"],
        [new JsonObject { ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, new byte[32]) }, "digestMultibase"],
        [new JsonObject { ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, new byte[20]) }, "cannot be checked"],
        [new JsonObject { ["digestMultibase"] = "not multibase" }, "not a multibase"],
        [new JsonObject { ["digestSRI"] = Sri("sha256", SHA256.HashData(s_bytes)), ["digestMultibase"] = Multibase.Encode(MultibaseEncoding.Base64Url, new byte[32]) }, "digestMultibase"],
    ];

    [TestMethod]
    [DynamicData(nameof(NotMatching))]
    public void Check_WrongOrUncheckableDigest_RelatedResourceMismatch(JsonObject entry, string detail)
    {
        RelatedResourceOutcome outcome = Check(entry);

        Assert.AreEqual(ErrorCodes.RelatedResourceMismatch, outcome.Mismatch?.Code);
        StringAssert.Contains(outcome.Mismatch!.Detail, detail);
    }

    [TestMethod]
    public void Check_ResourceNotHeld_UncheckedNeverPassed()
    {
        RelatedResourceOutcome outcome = Check(new JsonObject { ["digestSRI"] = Sri("sha384", new byte[48]) }, "https://elsewhere.example/x");

        Assert.IsNull(outcome.Mismatch);
        Assert.IsEmpty(outcome.Checked);
        CollectionAssert.AreEqual(new[] { "https://elsewhere.example/x" }, outcome.Unchecked.ToArray());
    }
}
