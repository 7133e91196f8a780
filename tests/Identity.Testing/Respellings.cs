using System.Text.Json.Nodes;

namespace Identity.Testing;

/// <summary>
/// Respellings of a secured credential that leave its RDF dataset (and so an RDFC signature) unchanged while its JSON
/// members say something else: one per spelling class of JSON-LD. Each takes a credential shaped like the tests'
/// (VC 2.0 + health contexts, <c>id</c>, <c>type</c> with <c>PatientIdentityCredential</c>, <c>validUntil</c>,
/// <c>credentialStatus</c> with an <c>id</c>, <c>credentialSubject</c> with an <c>id</c> and two claims, a <c>proof</c>)
/// and returns a respelled copy; the input is not changed.
/// </summary>
public static class Respellings
{
    public const string Credentials = "https://www.w3.org/2018/credentials#";
    public const string XsdDateTime = "http://www.w3.org/2001/XMLSchema#dateTime";

    private static readonly Dictionary<string, Action<JsonObject>> s_all = new(StringComparer.Ordinal)
    {
        // Keys spelled as IRIs where a term is defined (the issue's attack, in parts).
        ["validUntilAsIriValueObject"] = c => Rename(c, "validUntil", Credentials + "validUntil", Typed),
        ["credentialStatusAsIri"] = c => Rename(c, "credentialStatus", Credentials + "credentialStatus"),
        ["compactIriKey"] = c =>
        {
            AddInlineContext(c, new JsonObject { ["vcns"] = Credentials });
            Rename(c, "validUntil", "vcns:validUntil", Typed);
        },
        ["vocabRelativeKey"] = c =>
        {
            AddInlineContext(c, new JsonObject { ["@vocab"] = Credentials + "valid" });
            Rename(c, "validUntil", "Until", Typed);
        },

        // Keywords where the contexts define a term (id, type) or where the compacted form has none.
        ["subjectIdAsKeyword"] = c => Rename(Subject(c), "id", "@id"),
        ["typeAsKeyword"] = c => Rename(c, "type", "@type"),
        ["graphWrapper"] = c =>
        {
            var node = new JsonObject();
            foreach (string key in c.Select(p => p.Key).Where(k => k is not ("@context" or "proof")).ToList())
            {
                node[key] = Take(c, key);
            }

            c["@graph"] = new JsonArray(node);
        },
        ["includedNode"] = c =>
        {
            JsonNode status = Take(c, "credentialStatus")!;
            JsonObject[] entries = status is JsonArray array ? [.. array.Select(e => (JsonObject)e!.DeepClone())] : [(JsonObject)status];
            c["credentialStatus"] = new JsonArray([.. entries.Select(e => (JsonNode)e["id"]!.GetValue<string>())]);
            c["@included"] = new JsonArray([.. entries]);
        },
        ["nestedMembers"] = c => c["@nest"] = new JsonObject { ["validUntil"] = Take(c, "validUntil"), ["credentialStatus"] = Take(c, "credentialStatus") },
        ["setWrapper"] = c => c["credentialSubject"] = new JsonObject { ["@set"] = new JsonArray(Take(c, "credentialSubject")) },
        ["indexedNode"] = c => Subject(c)["@index"] = "unsigned",
        ["reverseProperty"] = c => Subject(c)["@reverse"] = new JsonObject
        {
            [Credentials + "credentialSubject"] = new JsonObject { ["id"] = c["id"]!.GetValue<string>() },
        },

        // Value objects where the plain value is the compacted form.
        ["typedValueObject"] = c => c["validUntil"] = Typed(Take(c, "validUntil")),
        ["plainValueObject"] = c => Subject(c)["givenName"] = new JsonObject { ["@value"] = Take(Subject(c), "givenName") },

        // Inline contexts: an alias of a pinned term, of a keyword, a reverse property.
        ["inlineTermAlias"] = c =>
        {
            AddInlineContext(c, new JsonObject { ["notAfter"] = new JsonObject { ["@id"] = Credentials + "validUntil", ["@type"] = XsdDateTime } });
            Rename(c, "validUntil", "notAfter");
        },
        ["inlineKeywordAlias"] = c =>
        {
            AddInlineContext(c, new JsonObject { ["ident"] = "@id" });
            Rename(Subject(c), "id", "ident");
        },
        ["inlineReverseTerm"] = c =>
        {
            AddInlineContext(c, new JsonObject { ["subjectOf"] = new JsonObject { ["@reverse"] = Credentials + "credentialSubject" } });
            Subject(c)["subjectOf"] = new JsonObject { ["id"] = c["id"]!.GetValue<string>() };
        },

        // Values: a type spelled as its IRI, an id as a compact IRI, a blank node identifier.
        ["typeAsIri"] = c =>
        {
            var types = c["type"]!.AsArray();
            int i = types.Select(t => t!.GetValue<string>()).ToList().IndexOf("PatientIdentityCredential");
            types[i] = "https://identity.example/ns/health#PatientIdentityCredential";
        },
        ["inlineTypeAlias"] = c =>
        {
            AddInlineContext(c, new JsonObject { ["Patient"] = "https://identity.example/ns/health#PatientIdentityCredential" });
            var types = c["type"]!.AsArray();
            int i = types.Select(t => t!.GetValue<string>()).ToList().IndexOf("PatientIdentityCredential");
            types[i] = "Patient";
        },
        ["compactIriId"] = c =>
        {
            string id = Subject(c)["id"]!.GetValue<string>();
            int colon = id.LastIndexOf(':');
            AddInlineContext(c, new JsonObject { ["subj"] = id[..(colon + 1)] });
            Subject(c)["id"] = "subj:" + id[(colon + 1)..];
        },
        ["blankNodeId"] = c => ((JsonObject)c["proof"]!)["id"] = "_:proof",

        // Node objects that merge: one node written as two, in one graph.
        ["splitNode"] = c =>
        {
            var subject = (JsonObject)Take(c, "credentialSubject")!;
            string id = subject["id"]!.GetValue<string>();
            var first = new JsonObject { ["id"] = id };
            var second = new JsonObject { ["id"] = id };
            foreach (string key in subject.Select(p => p.Key).Where(k => k != "id").ToList())
            {
                (first.Count == 1 ? first : second)[key] = Take(subject, key);
            }

            c["credentialSubject"] = new JsonArray(first, second);
        },

        // A proof option spelled as its IRI: the proof configuration is signed over RDF too.
        ["proofOptionAsIri"] = c => Rename((JsonObject)c["proof"]!, "created", "http://purl.org/dc/terms/created", Typed),
    };

    /// <summary>The names of every respelling, one per spelling class.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_all.Keys];

    /// <summary>The respellings as MSTest <c>DynamicData</c> rows.</summary>
    public static IEnumerable<object[]> Rows => Names.Select(name => new object[] { name });

    /// <summary>A respelled copy of <paramref name="credential"/>.</summary>
    public static JsonObject Apply(string name, JsonObject credential)
    {
        var copy = (JsonObject)credential.DeepClone();
        s_all[name](copy);
        return copy;
    }

    /// <summary>The issue's attack: <c>credentialStatus</c> and <c>validUntil</c> as full IRIs (the latter a typed
    /// value object), <c>credentialSubject.id</c> as <c>@id</c>.</summary>
    public static JsonObject IssueAttack(JsonObject credential)
    {
        var copy = (JsonObject)credential.DeepClone();
        s_all["validUntilAsIriValueObject"](copy);
        s_all["credentialStatusAsIri"](copy);
        s_all["subjectIdAsKeyword"](copy);
        return copy;
    }

    /// <summary>
    /// The two inputs an RDFC proof signs, as the verifier builds them: the proof configuration (<c>proof</c> without
    /// <c>proofValue</c>, under its own <c>@context</c>, else the document's) and the document without <c>proof</c>
    /// (under the proof's <c>@context</c> when it has one).
    /// </summary>
    public static (JsonObject Document, JsonObject ProofConfig) SignedParts(JsonObject secured)
    {
        var document = (JsonObject)secured.DeepClone();
        var proof = (JsonObject)Take(document, "proof")!;
        proof.Remove("proofValue");
        if (proof["@context"] is { } proofContext)
        {
            document["@context"] = proofContext.DeepClone();
        }
        else
        {
            proof["@context"] = document["@context"]?.DeepClone();
        }

        return (document, proof);
    }

    private static JsonObject Subject(JsonObject credential) => (JsonObject)credential["credentialSubject"]!;

    private static JsonNode Typed(JsonNode? value) => new JsonObject { ["@value"] = value, ["@type"] = XsdDateTime };

    private static void Rename(JsonObject json, string from, string to, Func<JsonNode?, JsonNode?>? map = null)
    {
        JsonNode? value = Take(json, from);
        json[to] = map is null ? value : map(value);
    }

    private static JsonNode? Take(JsonObject json, string key)
    {
        JsonNode? value = json[key];
        json.Remove(key);
        return value;
    }

    // The RDFC suites hash the document under the proof's @context, which is not itself signed: both get the context.
    private static void AddInlineContext(JsonObject credential, JsonObject inline)
    {
        credential["@context"]!.AsArray().Add(inline);
        if (credential["proof"]?["@context"] is JsonArray proofContexts)
        {
            proofContexts.Add(inline.DeepClone());
        }
    }
}
