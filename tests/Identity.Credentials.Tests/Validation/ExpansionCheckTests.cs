using System.Text.Json.Nodes;
using Identity.Credentials.Tests.DataIntegrity;
using Identity.JsonLd;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.Credentials.Tests.Validation;

/// <summary>
/// The data-model check decides JSON-LD validity without expanding when the expansion check can prove it
/// (<see cref="JsonLdProcessor.TryValidate"/>). Soundness: whatever full expansion refuses, the check never proves; and
/// the verdict of <see cref="JsonLdProcessor.TryValidate"/> is the verdict of <see cref="JsonLdProcessor.TryExpand"/>,
/// on hostile documents, on the W3C VC 2.0 fixtures and on every single-point mutation of a signed presentation.
/// </summary>
[TestClass]
public sealed class ExpansionCheckTests
{
    private static readonly JsonLdOptions s_options = new() { RequireMappedTypes = true };

    private const string Credential = """
        {
          "@context": ["https://www.w3.org/ns/credentials/v2", "https://identity.example/ns/health/v1"],
          "id": "urn:uuid:2b1c61f5-58e4-4f0e-8a43-1d4f3b7c9e21",
          "type": ["VerifiableCredential", "PatientIdentityCredential"],
          "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
          "validFrom": "2026-01-01T00:00:00Z",
          "credentialSubject": { "id": "did:key:z6MkholderX", "givenName": "Ada", "bloodType": "O+" },
          "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2026-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "proofPurpose": "assertionMethod",
            "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UNjLm2FHu"
          }
        }
        """;

    private static string Presentation => $$"""
        {
          "@context": ["https://www.w3.org/ns/credentials/v2"],
          "type": ["VerifiablePresentation"],
          "holder": "did:key:z6MkholderX",
          "verifiableCredential": [{{Credential}}],
          "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2026-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6MkholderX#z6MkholderX",
            "proofPurpose": "authentication",
            "challenge": "c",
            "domain": "https://provider.example",
            "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKods5D2UNjLm2FHu"
          }
        }
        """;

    private static JsonLdProcessor JsonLd => DataIntegrityTestKit.JsonLd;

    [TestMethod]
    public void ExpandsWithoutOutput_CredentialAndPresentationOverKnownContexts_DecidesWithoutExpanding()
    {
        Assert.IsTrue(JsonLd.ExpandsWithoutOutput(JsonNode.Parse(Credential), s_options));
        Assert.IsTrue(JsonLd.ExpandsWithoutOutput(JsonNode.Parse(Presentation), s_options));
    }

    [TestMethod]
    [DataRow("an undefined property is dropped, not refused", true, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "credentialSubject": {"bloodType": {"@value": "x", "id": 5}}}""")]
    [DataRow("undefined property in a bare context", true, """{"@context": {"@version": 1.1}, "@id": "urn:x", "name": "n"}""")]
    [DataRow("protected term redefined inline", false, """{"@context": ["https://www.w3.org/ns/credentials/v2", {"VerifiableCredential": "https://evil.example/VC"}], "type": "VerifiableCredential"}""")]
    [DataRow("protected term redefined in a nested context", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "credentialSubject": {"@context": {"name": "https://evil.example/name"}, "name": "x"}}""")]
    [DataRow("context nulled under protected terms", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "credentialSubject": {"@context": null, "id": "urn:x"}}""")]
    [DataRow("@vocab null leaves a type unmapped", false, """{"@context": ["https://www.w3.org/ns/credentials/v2", {"@vocab": null}], "type": ["VerifiableCredential", "Unmapped"]}""")]
    [DataRow("inline @vocab maps everything", true, """{"@context": ["https://www.w3.org/ns/credentials/v2", {"@vocab": "https://evil.example/"}], "type": ["VerifiableCredential", "Anything"], "credentialSubject": {"anything": 1}}""")]
    [DataRow("a type no context defines", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential", "NotInAnyContext"]}""")]
    [DataRow("type-scoped term used outside its type", true, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "credentialSubject": {"validFrom": "2026-01-01T00:00:00Z"}}""")]
    [DataRow("type-scoped redefinition of a protected term", false, """{"@context": ["https://www.w3.org/ns/credentials/v2", {"Zevil": {"@id": "https://evil.example/Zevil", "@context": {"credentialSubject": "https://evil.example/cs"}}}], "type": ["VerifiableCredential", "Zevil"]}""")]
    [DataRow("id is not a string", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": 5, "type": "VerifiableCredential"}""")]
    [DataRow("type is an object", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": {"a": 1}}""")]
    [DataRow("id and @id collide", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:a", "@id": "urn:b", "type": "VerifiableCredential"}""")]
    [DataRow("value object with a property", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "credentialSubject": {"name": {"@value": "x", "id": "urn:y"}}}""")]
    [DataRow("@version 1.0", false, """{"@context": ["https://www.w3.org/ns/credentials/v2", {"@version": 1.0}], "type": "VerifiableCredential"}""")]
    [DataRow("@reverse with a value", false, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "@reverse": {"https://e.example/p": "literal"}}""")]
    [DataRow("unknown remote context", false, """{"@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/context.jsonld"], "type": "VerifiableCredential"}""")]
    [DataRow("a keyword-like key is dropped", true, """{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential", "@foo": 1}""")]
    public void TryValidate_HostileDocument_SameVerdictAsFullExpansion(string what, bool expandsInFull, string json)
    {
        JsonNode document = JsonNode.Parse(json)!;

        bool full = JsonLd.TryExpand(document, s_options, out _, out JsonLdFailure? fullFailure);
        bool proven = JsonLd.ExpandsWithoutOutput(document, s_options);
        bool validated = JsonLd.TryValidate(document, s_options, out JsonLdFailure? failure);

        Assert.AreEqual(expandsInFull, full, what);
        Assert.IsTrue(!proven || full, $"{what}: the check proved a document full expansion refuses");
        Assert.AreEqual(full, validated, what);
        Assert.AreEqual(fullFailure?.Kind, failure?.Kind, what);
        Assert.AreEqual(fullFailure?.Error.Detail, failure?.Error.Detail, what);
    }

    [TestMethod]
    public void TryValidate_EveryVcDataModelFixture_SameVerdictAsFullExpansion()
    {
        string input = TestVectors.Path("vc-data-model-2.0", "tests", "input");
        int refused = 0, proven = 0;
        foreach (string path in Directory.EnumerateFiles(input, "*.json", SearchOption.AllDirectories))
        {
            JsonNode document = JsonNode.Parse(File.ReadAllText(path))!;
            (bool full, bool check) = AssertSameVerdict(document, Path.GetFileName(path));
            refused += full ? 0 : 1;
            proven += check ? 1 : 0;
        }

        Assert.IsGreaterThan(0, refused, "some fixtures must fail expansion, or this proves nothing");
        Assert.IsGreaterThan(0, proven, "some fixtures must be decided without expanding");
    }

    [TestMethod]
    public void TryValidate_EveryMutationOfAPresentation_SameVerdictAsFullExpansion()
    {
        JsonNode?[] replacements =
        [
            null, 5, "x", "did:example:1", new JsonObject(), new JsonArray(), new JsonObject { ["@value"] = 1 },
            new JsonObject { ["@context"] = null }, new JsonObject { ["id"] = 5 }, new JsonObject { ["type"] = "Unmapped" },
            new JsonObject { ["@context"] = new JsonObject { ["@vocab"] = null }, ["type"] = "X" },
            new JsonObject { ["@context"] = new JsonObject { ["holder"] = "https://evil.example/h" } },
            new JsonArray("VerifiableCredential", 7),
        ];
        string[] renames = ["undefinedTerm", "@id", "@type", "@value", "@graph", "@vocab", "@included", "@reverse", "@list", "@nest", "https://e.example/p", "ex:p"];
        var root = JsonNode.Parse(Presentation)!.AsObject();
        int mutations = 0, refused = 0;
        foreach (JsonNode?[] path in Paths(root))
        {
            foreach (JsonNode? replacement in replacements)
            {
                JsonNode mutated = Mutate(root, path, (parent, key) => parent[key] = replacement?.DeepClone());
                refused += AssertSameVerdict(mutated, $"{string.Join('.', path)} = {replacement?.ToJsonString() ?? "null"}").Full ? 0 : 1;
                mutations++;
            }

            if (path[^1] is JsonValue last && last.TryGetValue(out string? key))
            {
                foreach (string rename in renames)
                {
                    JsonNode mutated = Mutate(root, path, (parent, k) =>
                    {
                        JsonNode? value = parent[k];
                        parent.Remove(k);
                        parent[rename] = value?.DeepClone();
                    });
                    refused += AssertSameVerdict(mutated, $"{string.Join('.', path)} renamed {rename}").Full ? 0 : 1;
                    mutations++;
                }
            }
        }

        Assert.IsGreaterThan(500, mutations);
        Assert.IsGreaterThan(50, refused, "many mutations must fail expansion, or this proves nothing");
    }

    [TestMethod]
    public void TryValidate_BudgetTooSmall_RefusedForWorkOnBothPaths()
    {
        JsonNode document = JsonNode.Parse(Presentation)!;
        var options = s_options with { Budget = new WorkBudget(20) };

        bool validated = JsonLd.TryValidate(document, options, out JsonLdFailure? failure);

        Assert.IsFalse(validated);
        Assert.AreEqual(JsonLdFailureKind.WorkLimitExceeded, failure!.Kind);
        Assert.IsFalse(JsonLd.TryExpand(document, s_options with { Budget = new WorkBudget(20) }, out _, out _));
    }

    [TestMethod]
    public void TryValidate_Decided_ChargesTheCallersBudget()
    {
        var budget = new WorkBudget();

        Assert.IsTrue(JsonLd.TryValidate(JsonNode.Parse(Presentation), s_options with { Budget = budget }, out _));
        Assert.IsGreaterThan(0L, budget.Used);
    }

    private static (bool Full, bool Check) AssertSameVerdict(JsonNode document, string what)
    {
        bool full = JsonLd.TryExpand(document, s_options, out _, out JsonLdFailure? fullFailure);
        bool check = JsonLd.ExpandsWithoutOutput(document, s_options);
        bool validated = JsonLd.TryValidate(document, s_options, out JsonLdFailure? failure);
        Assert.IsTrue(!check || full, $"{what}: the check proved a document full expansion refuses ({fullFailure?.Error.Detail})");
        Assert.AreEqual(full, validated, what);
        Assert.AreEqual(fullFailure?.Error.Detail, failure?.Error.Detail, what);
        return (full, check);
    }

    // Every path from the root to an object member or array item, as the keys (strings) and indexes (ints) to follow.
    private static IEnumerable<JsonNode?[]> Paths(JsonNode node, JsonNode?[]? prefix = null)
    {
        prefix ??= [];
        IEnumerable<(JsonNode? Step, JsonNode? Child)> children = node switch
        {
            JsonObject map => map.Select(p => ((JsonNode?)p.Key, p.Value)),
            JsonArray array => array.Select((child, i) => ((JsonNode?)i, child)),
            _ => [],
        };
        foreach ((JsonNode? step, JsonNode? child) in children.ToList())
        {
            JsonNode?[] path = [.. prefix, step];
            yield return path;
            if (child is not null)
            {
                foreach (JsonNode?[] deeper in Paths(child, path))
                {
                    yield return deeper;
                }
            }
        }
    }

    // A deep copy of the root with the change applied at the path's last object member (array items are replaced).
    private static JsonNode Mutate(JsonObject root, JsonNode?[] path, Action<JsonObject, string> change)
    {
        JsonNode copy = root.DeepClone();
        JsonNode parent = copy;
        foreach (JsonNode? step in path[..^1])
        {
            parent = step!.GetValueKind() == System.Text.Json.JsonValueKind.Number ? parent[step.GetValue<int>()]! : parent[step.GetValue<string>()]!;
        }

        if (path[^1]!.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            var array = (JsonArray)parent;
            int index = path[^1]!.GetValue<int>();
            var holder = new JsonObject { ["item"] = array[index]?.DeepClone() };
            change(holder, "item");
            array[index] = holder["item"]?.DeepClone();
        }
        else
        {
            change((JsonObject)parent, path[^1]!.GetValue<string>());
        }

        return copy;
    }
}
