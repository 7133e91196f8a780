// Red-team tests for RdfcProofConfiguration (the per-shape plan of an RDFC proof configuration): whatever order the
// configurations arrive in, the planned bytes must be the general path's (a copy expanded, toRdf, RDFC-1.0).
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.Primitives;
using static Identity.Credentials.Tests.DataIntegrity.DataIntegrityTestKit;

namespace Identity.Credentials.Tests.DataIntegrity;

[TestClass]
public sealed class RdfcProofConfigurationAttackTests
{
    private const string Method = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    private static readonly Func<JsonObject, WorkBudget?, CanonicalBytes> s_general = RdfcCanonicalization.For(DataIntegrityTestKit.JsonLd);

    private static JsonNode Context => new JsonArray("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2");

    // A member name holding NUL and the JSON of the next value folds two members of a legitimate proof into one, so the
    // shape key (names and values joined by NUL) of the forged proof equals the legitimate one's: the plan built for the
    // legitimate proof must not be used for it.
    [TestMethod]
    public void Canonicalize_NameFoldsTypeAndCryptosuite_SameAsGeneralPath()
    {
        var legitimate = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["created"] = "2023-02-24T23:36:38Z",
            ["proofValue"] = "z1",
        };
        var forged = new JsonObject
        {
            ["type\0\"DataIntegrityProof\"\0cryptosuite"] = "eddsa-rdfc-2022",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["created"] = "2023-02-24T23:36:38Z",
            ["proofValue"] = "z1",
        };

        AssertForgedIsGeneral(legitimate, forged);
    }

    // The practical form: a chained proof (previousProof) re-presented as a proof that names no previous proof, the
    // issuer's signature still verifying because the plan of the legitimate shape supplies its statements.
    [TestMethod]
    public void Canonicalize_NameFoldsPreviousProofAway_SameAsGeneralPath()
    {
        var legitimate = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["created"] = "2023-02-24T23:36:38Z",
            ["previousProof"] = "urn:uuid:5b5f2a8e-0000-4000-8000-000000000001",
            ["id"] = "urn:uuid:5b5f2a8e-0000-4000-8000-000000000002",
            ["proofValue"] = "z1",
        };
        var forged = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["created"] = "2023-02-24T23:36:38Z",
            ["previousProof\0\"urn:uuid:5b5f2a8e-0000-4000-8000-000000000001\"\0id"] = "urn:uuid:5b5f2a8e-0000-4000-8000-000000000002",
            ["proofValue"] = "z1",
        };

        AssertForgedIsGeneral(legitimate, forged);
    }

    // Folding a literal (created) into a name leaves the forged proof one literal short of the plan's slots.
    [TestMethod]
    public void Canonicalize_NameFoldsALiteral_NoExceptionAndSameAsGeneralPath()
    {
        var legitimate = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["created"] = "2023-02-24T23:36:38Z",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["proofValue"] = "z1",
        };
        var forged = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite\0\"eddsa-rdfc-2022\"\0created\0\u0001\0verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["proofValue"] = "z1",
        };

        AssertForgedIsGeneral(legitimate, forged);
    }

    // The reverse order (the odd shape first) must not change the legitimate proof's bytes either.
    [TestMethod]
    public void Canonicalize_ForgedShapeFirst_LegitimateStillGeneral()
    {
        var legitimate = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = "eddsa-rdfc-2022",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["created"] = "2023-02-24T23:36:38Z",
        };
        var forged = new JsonObject
        {
            ["type\0\"DataIntegrityProof\"\0cryptosuite"] = "eddsa-rdfc-2022",
            ["verificationMethod"] = Method,
            ["proofPurpose"] = "assertionMethod",
            ["created"] = "2023-02-24T23:36:38Z",
        };
        var configurations = new RdfcProofConfiguration(DataIntegrityTestKit.JsonLd, s_general);

        _ = configurations.Canonicalize(forged, true, Context, null);
        CanonicalBytes fast = configurations.Canonicalize(legitimate, true, Context, null);

        AssertSame(General(legitimate), fast, "legitimate after forged");
    }

    // Literal strings that look like what they are not (an IRI, a blank node, a keyword, JSON, N-Quads syntax, a probe)
    // reuse the plan of an ordinary created/challenge/domain/nonce/expires and must give the general path's bytes.
    [TestMethod]
    [DataRow("https://evil.example/x")]
    [DataRow("_:c14n0")]
    [DataRow("@id")]
    [DataRow("{\"@id\":\"urn:x\"}")]
    [DataRow("x\" <urn:a> <urn:b> .\n_:c14n0 <urn:p> \"y")]
    [DataRow("probe-00000000000000000000000000000000-0")]
    [DataRow("\u0000\u001f\u007f\u2028\uFEFF")]
    [DataRow("")]
    public void Canonicalize_HostileLiteralOnAPlannedShape_SameAsGeneralPath(string value)
    {
        var configurations = new RdfcProofConfiguration(DataIntegrityTestKit.JsonLd, s_general);
        JsonObject ordinary = Proof("2023-02-24T23:36:38Z", "c", "https://verifier.example", "n", "2030-01-01T00:00:00Z");
        _ = configurations.Canonicalize(ordinary, true, Context, null);

        JsonObject hostile = Proof(value, value, value, value, value);
        CanonicalBytes fast = configurations.Canonicalize(hostile, true, Context, null);

        AssertSame(General(hostile), fast, value);
        Assert.AreEqual(1, configurations.PlanCount);
    }

    private static JsonObject Proof(string created, string challenge, string domain, string nonce, string expires) => new()
    {
        ["type"] = "DataIntegrityProof",
        ["cryptosuite"] = "eddsa-rdfc-2022",
        ["created"] = created,
        ["expires"] = expires,
        ["verificationMethod"] = Method,
        ["proofPurpose"] = "authentication",
        ["challenge"] = challenge,
        ["domain"] = domain,
        ["nonce"] = nonce,
        ["proofValue"] = "z1",
    };

    private static void AssertForgedIsGeneral(JsonObject legitimate, JsonObject forged)
    {
        var configurations = new RdfcProofConfiguration(DataIntegrityTestKit.JsonLd, s_general);
        CanonicalBytes first = configurations.Canonicalize(legitimate, true, Context, null);
        AssertSame(General(legitimate), first, "legitimate");

        CanonicalBytes fast = configurations.Canonicalize(forged, true, Context, null);

        AssertSame(General(forged), fast, "forged after legitimate");
    }

    private static CanonicalBytes General(JsonObject proof)
    {
        var copy = (JsonObject)proof.DeepClone();
        copy.Remove("proofValue");
        copy["@context"] = Context;
        return s_general(copy, null);
    }

    private static void AssertSame(CanonicalBytes general, CanonicalBytes fast, string what)
    {
        Assert.AreEqual(general.Error is null, fast.Error is null, $"{what}: general {general.Error?.Detail} / fast {fast.Error?.Detail}");
        if (general.Error is null)
        {
            Assert.AreEqual(Encoding.UTF8.GetString(general.Bytes!), Encoding.UTF8.GetString(fast.Bytes!), what);
        }
    }
}
