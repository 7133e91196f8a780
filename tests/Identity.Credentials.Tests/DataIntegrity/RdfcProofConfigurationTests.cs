// References: W3C Data Integrity EdDSA Cryptosuites v1.0 §3.2.5 and ECDSA Cryptosuites v1.0 §3.2.5 (proof configuration
//   of the RDFC suites), https://www.w3.org/TR/vc-di-eddsa/ , https://www.w3.org/TR/vc-di-ecdsa/
// Vectors: ../shared/test-vectors/vc-di-eddsa/TestVectors/eddsa-rdfc-2022 and vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256|p384.
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

/// <summary>
/// <see cref="RdfcProofConfiguration"/> (the proof configuration canonicalized from a plan kept per shape) gives the
/// bytes of the general path (a copy expanded, toRdf, RDFC-1.0) — the W3C vectors' proofCanon files byte for byte, and
/// the general path's bytes or failure over randomized configurations, hostile contexts among them.
/// </summary>
[TestClass]
public sealed class RdfcProofConfigurationTests
{
    private static readonly Func<JsonObject, WorkBudget?, CanonicalBytes> s_general = RdfcCanonicalization.For(DataIntegrityTestKit.JsonLd);

    public static IEnumerable<object[]> Vectors =>
    [
        [EddsaDir("eddsa-rdfc-2022"), "DataInt"],
        [EcdsaDir("ecdsa-rdfc-2019-p256"), "ECDSAP256"],
        [EcdsaDir("ecdsa-rdfc-2019-p384"), "ECDSAP384"],
    ];

    [TestMethod]
    [DynamicData(nameof(Vectors))]
    public void Canonicalize_W3cVectorConfig_IsProofCanonByteForByteAndKeepsAPlan(string directory, string suffix)
    {
        // Arrange: the signed vector's proof (with proofValue), hashed under the document's @context.
        var configurations = new RdfcProofConfiguration(DataIntegrityTestKit.JsonLd, s_general);
        JsonObject signed = LoadObject(Path.Combine(directory, $"signed{suffix}.json"));
        JsonObject proof = signed["proof"]!.AsObject();
        string expected = File.ReadAllText(Path.Combine(directory, $"proofCanon{suffix}.txt")).TrimEnd('\n') + "\n";

        // Act: the first call builds the plan, the second only uses it.
        CanonicalBytes first = configurations.Canonicalize(proof, true, signed["@context"], null);
        CanonicalBytes second = configurations.Canonicalize(proof, true, signed["@context"], new WorkBudget(10_000));

        // Assert
        Assert.AreEqual(expected, Encoding.UTF8.GetString(first.Bytes!));
        Assert.AreEqual(expected, Encoding.UTF8.GetString(second.Bytes!));
        Assert.AreEqual(1, configurations.PlanCount);
    }

    [TestMethod]
    public void Canonicalize_RandomizedConfigs_MatchTheGeneralPath()
    {
        // Arrange: few shapes (so plans are reused with other strings) and hostile contexts; a fixed seed.
        var random = new Random(20261206);
        var configurations = new RdfcProofConfiguration(DataIntegrityTestKit.JsonLd, s_general);
        int planned = 0;

        for (int i = 0; i < 600; i++)
        {
            JsonNode context = Pick(random, Contexts)();
            var proof = new JsonObject
            {
                ["type"] = random.Next(10) == 0 ? "Ed25519Signature2020" : "DataIntegrityProof",
                ["cryptosuite"] = Pick(random, ["eddsa-rdfc-2022", "ecdsa-rdfc-2019"]),
                ["created"] = random.Next(12) == 0 ? JsonValue.Create(20260101) : RandomString(random),
                ["verificationMethod"] = Pick(random, ["did:key:z6Mkr#z6Mkr", "did:example:issuer#key-1", "relative#key", "_:b0"]),
                ["proofPurpose"] = Pick(random, ["assertionMethod", "authentication", "https://w3id.org/security#assertionMethod", "unknownPurpose"]),
                ["proofValue"] = "z" + RandomString(random),
            };
            foreach (string optional in (string[])["expires", "challenge", "domain", "nonce", "id", "previousProof"])
            {
                if (random.Next(3) == 0)
                {
                    proof[optional] = optional is "id" or "previousProof" ? "urn:uuid:" + random.Next(3) : RandomString(random);
                }
            }

            bool hasProofContext = random.Next(4) == 0;
            if (hasProofContext)
            {
                proof["@context"] = context.DeepClone();
            }

            // Act
            CanonicalBytes fast = configurations.Canonicalize(proof, true, context, new WorkBudget(100_000));
            var copy = (JsonObject)proof.DeepClone();
            copy.Remove("proofValue");
            copy["@context"] = context.DeepClone();
            CanonicalBytes general = s_general(copy, new WorkBudget(100_000));

            // Assert
            Assert.AreEqual(general.Error is null, fast.Error is null, $"case {i}: {general.Error?.Detail} / {fast.Error?.Detail}");
            if (general.Error is null)
            {
                Assert.AreEqual(Encoding.UTF8.GetString(general.Bytes!), Encoding.UTF8.GetString(fast.Bytes!), $"case {i}");
                planned++;
            }
            else
            {
                Assert.AreEqual(general.Reason, fast.Reason, $"case {i}");
            }
        }

        Assert.IsGreaterThan(100, planned, "too few configurations canonicalize to compare anything");
        Assert.IsGreaterThan(0, configurations.PlanCount);
    }

    [TestMethod]
    public void Canonicalize_SpentBudget_IsAWorkLimitOnThePlannedPathToo()
    {
        var configurations = new RdfcProofConfiguration(DataIntegrityTestKit.JsonLd, s_general);
        JsonObject signed = LoadObject(EddsaDir("eddsa-rdfc-2022", "signedDataInt.json"));
        _ = configurations.Canonicalize(signed["proof"]!.AsObject(), true, signed["@context"], null);

        CanonicalBytes spent = configurations.Canonicalize(signed["proof"]!.AsObject(), true, signed["@context"], new WorkBudget(2));

        Assert.AreEqual(Identity.Credentials.Verification.UncheckedReason.WorkLimitExceeded, spent.Reason);
        Assert.IsNotNull(spent.Error);
    }

    // The VC 2.0 context alone and with the examples; inline contexts that redefine the proof's terms (as IRIs, as
    // JSON, in a list), set @vocab or a default language, or alias a keyword.
    private static readonly Func<JsonNode>[] Contexts =
    [
        () => new JsonArray("https://www.w3.org/ns/credentials/v2"),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"),
        () => JsonValue.Create("https://www.w3.org/ns/credentials/v2")!,
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["@vocab"] = "https://example.org/vocab#" }),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["@language"] = "en" }),
        () => new JsonArray(new JsonObject { ["created"] = new JsonObject { ["@id"] = "https://example.org/c", ["@type"] = "@id" } }, "https://www.w3.org/ns/credentials/v2"),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["challenge"] = new JsonObject { ["@id"] = "https://example.org/ch", ["@type"] = "@json" } }),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["nonce"] = new JsonObject { ["@id"] = "https://example.org/n", ["@container"] = "@list" } }),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["nonce"] = new JsonObject { ["@id"] = "https://example.org/n", ["@type"] = "@vocab" } }),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["domain"] = "@id" }),
        () => new JsonArray("https://www.w3.org/ns/credentials/v2", new JsonObject { ["nonce"] = "https://w3id.org/security#challenge" }),
        () => new JsonArray("https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/suites/ed25519-2020/v1"),
    ];

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    // Dates and strings with what N-Quads escapes: quotes, backslashes, control characters, non-ASCII, a lone surrogate.
    private static string RandomString(Random random)
    {
        string[] pieces = ["2026-01-01T00:00:00Z", "\"", "\\", "\n", "\r", "\t", "\u0001", "é", "😀", "\uD800", "abc", " ", "<x>", "_:b1", "@id"];
        var text = new StringBuilder();
        for (int i = random.Next(4); i >= 0; i--)
        {
            text.Append(Pick(random, pieces));
        }

        return text.ToString();
    }
}
