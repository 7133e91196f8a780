using System.Text;
using System.Text.Json.Nodes;

namespace Identity.Testing.Hostile;

/// <summary>
/// Generators of documents built to make a verifier work hard or crash, one method per class of attack, shared by the
/// integration tests and the hostile-input benchmark (<c>bench/hostile</c>, which compiles this file in). They carry
/// Data Integrity proofs whose verification method resolves offline (a did:key) and whose signature is well formed but
/// wrong: every costly step (data model, expansion, canonicalization) runs before the signature is compared.
/// </summary>
/// <remarks>Depends on System.Text.Json only, so the benchmark can link it without the test framework.</remarks>
public static class HostileDocuments
{
    /// <summary>An Ed25519 did:key (from the did:key specification's examples); nothing here signs with it.</summary>
    public const string Did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    /// <summary>64 bytes of base58btc: the right shape for an Ed25519 signature, and never a valid one.</summary>
    public const string WrongSignature = "z2omt37n9Gg1v7dhZnbaxMFyvvYramkgJDwMUWPMb2XsmdppJJqWT5bjH11EeD8kLpTytD1SEpbwY785acJKBQFAZ";

    public const string Rdfc = "eddsa-rdfc-2022";

    public const string JcsSuite = "eddsa-jcs-2022";

    public static string VerificationMethod => Did + "#" + Did["did:key:".Length..];

    /// <summary>A credential whose subject holds a cycle of <paramref name="nodes"/> blank nodes (<c>_:b0 → _:b1 → … →
    /// _:b0</c>): every node looks alike to RDFC-1.0's first-degree hash, so its hash-n-degree step walks the whole cycle
    /// from every node.</summary>
    public static JsonObject BlankNodeCycleCredential(int nodes, int proofs = 1, string cryptosuite = Rdfc)
    {
        var ring = new JsonArray();
        for (int i = 0; i < nodes; i++)
        {
            ring.Add(new JsonObject { ["id"] = $"_:b{i}", ["next"] = $"_:b{(i + 1) % nodes}" });
        }

        var terms = new JsonObject
        {
            ["ring"] = "https://example.test/ring",
            ["next"] = new JsonObject { ["@id"] = "https://example.test/next", ["@type"] = "@id" },
        };
        return Credential(new JsonObject { ["id"] = "did:example:subject", ["ring"] = ring }, terms, proofs, cryptosuite);
    }

    /// <summary>A jcs credential whose inline context defines a term <c>t</c> with a scoped context of
    /// <paramref name="terms"/> terms, and whose subject uses <c>t</c> <paramref name="uses"/> times.</summary>
    public static JsonObject ScopedContextCredential(int terms, int uses)
    {
        var items = new JsonArray();
        for (int i = 0; i < uses; i++)
        {
            items.Add(new JsonObject());
        }

        return Credential(new JsonObject { ["id"] = "did:example:subject", ["t"] = items }, ScopedTerm(terms), 1, JcsSuite);
    }

    /// <summary>As <see cref="ScopedContextCredential"/>, but each use of <c>t</c> is nested inside the previous one
    /// (<paramref name="depth"/> levels), so the scoped context applies to a different active context each time.</summary>
    public static JsonObject NestedScopedContextCredential(int terms, int depth)
    {
        JsonObject inner = [];
        for (int i = 0; i < depth; i++)
        {
            inner = new JsonObject { ["t"] = inner };
        }

        inner["id"] = "did:example:subject";
        return Credential(inner, ScopedTerm(terms), 1, JcsSuite);
    }

    /// <summary>A jcs credential whose subject holds <paramref name="count"/> objects, each with its own small embedded
    /// context: every one is a distinct context to process.</summary>
    public static JsonObject ManyEmbeddedContextsCredential(int count)
    {
        var items = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            items.Add(new JsonObject { ["@context"] = new JsonObject { [$"k{i}"] = $"urn:k{i}" }, [$"k{i}"] = i });
        }

        return Credential(new JsonObject { ["id"] = "did:example:subject", ["items"] = items }, contextExtra: null, 1, JcsSuite);
    }

    /// <summary>A jcs credential whose inline context defines <paramref name="length"/> terms, each through a compact IRI
    /// whose prefix is the next term: defining the first needs the whole chain (a recursion as deep as the chain).</summary>
    public static JsonObject TermChainCredential(int length)
    {
        var context = new JsonObject();
        for (int i = 0; i < length; i++)
        {
            context[$"p{i}"] = i + 1 < length ? $"p{i + 1}:x" : "urn:end:";
        }

        return Credential(new JsonObject { ["id"] = "did:example:subject", ["p0"] = "v" }, context, 1, JcsSuite);
    }

    /// <summary>An rdfc credential whose subject has one property with <paramref name="values"/> distinct values.</summary>
    public static JsonObject WideValuesCredential(int values) => ValuesCredential(values, i => i);

    /// <summary>An rdfc credential whose subject has one property with <paramref name="values"/> copies of <c>0</c>: the
    /// most values a body can hold (two bytes each), which RDF merges into one quad only after every one is expanded.</summary>
    public static JsonObject EqualValuesCredential(int values) => ValuesCredential(values, _ => 0);

    private static JsonObject ValuesCredential(int values, Func<int, int> value)
    {
        var items = new JsonArray();
        for (int i = 0; i < values; i++)
        {
            items.Add(value(i));
        }

        return Credential(new JsonObject { ["id"] = "did:example:subject", ["values"] = items },
            new JsonObject { ["values"] = "https://example.test/values" }, 1, Rdfc);
    }

    /// <summary>A presentation by <see cref="Did"/> carrying <paramref name="credentials"/>, with one rdfc proof.</summary>
    public static JsonObject Presentation(IEnumerable<JsonObject> credentials, string cryptosuite = Rdfc, int proofs = 1)
    {
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["type"] = new JsonArray("VerifiablePresentation"),
            ["holder"] = Did,
            ["verifiableCredential"] = new JsonArray([.. credentials]),
        };
        return WithProofs(presentation, proofs, cryptosuite, "authentication");
    }

    /// <summary>A presentation carrying <paramref name="count"/> copies of a small signed-looking credential.</summary>
    public static JsonObject ManyCredentialsPresentation(int count) =>
        Presentation(Enumerable.Range(0, count).Select(_ => Credential(new JsonObject { ["id"] = "did:example:subject" }, null, 1, JcsSuite)), JcsSuite);

    /// <summary>A small credential with <paramref name="proofs"/> proofs.</summary>
    public static JsonObject ManyProofsCredential(int proofs, string cryptosuite = JcsSuite) =>
        Credential(new JsonObject { ["id"] = "did:example:subject", ["name"] = "x" }, null, proofs, cryptosuite);

    /// <summary>The body of <c>POST /credentials/verify</c>.</summary>
    public static JsonObject VerifyCredentialBody(JsonObject credential) => new() { ["verifiableCredential"] = credential };

    /// <summary>The body of <c>POST /presentations/verify</c>.</summary>
    public static JsonObject VerifyPresentationBody(JsonObject presentation) => new() { ["verifiablePresentation"] = presentation };

    /// <summary>
    /// The worst instance of every class that fits in <paramref name="maxBytes"/> of request body: its name, the path to
    /// post it to, and the body. Each generator's size parameter is grown to the largest that fits.
    /// </summary>
    public static IEnumerable<(string Name, string Path, byte[] Body)> WorstOfEachClass(int maxBytes)
    {
        const string credentials = "/credentials/verify";
        const string presentations = "/presentations/verify";
        yield return Largest("blank-node cycle (rdfc)", credentials, maxBytes, n => VerifyCredentialBody(BlankNodeCycleCredential(n)));
        yield return Largest("VP with two cycles (rdfc)", presentations, maxBytes,
            n => VerifyPresentationBody(Presentation([BlankNodeCycleCredential(n), BlankNodeCycleCredential(n)])));
        yield return Largest("8 rdfc proofs on one cycle", credentials, maxBytes, n => VerifyCredentialBody(BlankNodeCycleCredential(n, proofs: 8)));
        yield return Largest("10 rdfc proofs on one cycle", credentials, maxBytes, n => VerifyCredentialBody(BlankNodeCycleCredential(n, proofs: 10)));
        yield return Largest("scoped context x uses (jcs)", credentials, maxBytes, n => VerifyCredentialBody(ScopedContextCredential(n, n)));
        yield return Largest("nested scoped context (jcs)", credentials, maxBytes, n => VerifyCredentialBody(NestedScopedContextCredential(n, 60)));
        yield return Largest("many embedded contexts (jcs)", credentials, maxBytes, n => VerifyCredentialBody(ManyEmbeddedContextsCredential(n)));
        yield return Largest("term-definition chain (jcs)", credentials, maxBytes, n => VerifyCredentialBody(TermChainCredential(n)));
        yield return Largest("one property, many values (rdfc)", credentials, maxBytes, n => VerifyCredentialBody(WideValuesCredential(n)));
        yield return Largest("one property, many equal values (rdfc)", credentials, maxBytes, n => VerifyCredentialBody(EqualValuesCredential(n)));
        yield return Largest("many credentials in a VP", presentations, maxBytes, n => VerifyPresentationBody(ManyCredentialsPresentation(n)));
        yield return Largest("many proofs on one credential", credentials, maxBytes, n => VerifyCredentialBody(ManyProofsCredential(n)));
    }

    private static (string, string, byte[]) Largest(string name, string path, int maxBytes, Func<int, JsonObject> build)
    {
        // Grow n geometrically while the body fits, then bisect between the last fit and the first overflow.
        int low = 1, high = 2;
        while (Size(build(high)) <= maxBytes)
        {
            low = high;
            high *= 2;
        }

        while (high - low > 1)
        {
            int middle = low + ((high - low) / 2);
            if (Size(build(middle)) <= maxBytes)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return ($"{name} (n={low})", path, Encoding.UTF8.GetBytes(build(low).ToJsonString()));
    }

    private static int Size(JsonObject body) => Encoding.UTF8.GetByteCount(body.ToJsonString());

    private static JsonObject ScopedTerm(int terms)
    {
        var scoped = new JsonObject();
        for (int i = 0; i < terms; i++)
        {
            scoped[$"a{i}"] = $"urn:a{i}";
        }

        return new JsonObject { ["t"] = new JsonObject { ["@id"] = "urn:t", ["@context"] = scoped } };
    }

    private static JsonObject Credential(JsonObject subject, JsonObject? contextExtra, int proofs, string cryptosuite)
    {
        var context = new JsonArray("https://www.w3.org/ns/credentials/v2");
        if (contextExtra is not null)
        {
            context.Add(contextExtra);
        }

        var credential = new JsonObject
        {
            ["@context"] = context,
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuer"] = Did,
            ["validFrom"] = "2025-01-01T00:00:00Z",
            ["credentialSubject"] = subject,
        };
        return WithProofs(credential, proofs, cryptosuite, "assertionMethod");
    }

    private static JsonObject WithProofs(JsonObject document, int proofs, string cryptosuite, string purpose)
    {
        var all = new JsonArray();
        for (int i = 0; i < proofs; i++)
        {
            all.Add(new JsonObject
            {
                ["type"] = "DataIntegrityProof",
                ["cryptosuite"] = cryptosuite,
                ["created"] = "2025-01-01T00:00:00Z",
                ["verificationMethod"] = VerificationMethod,
                ["proofPurpose"] = purpose,
                ["proofValue"] = WrongSignature,
            });
        }

        document["proof"] = proofs == 1 ? all[0]!.DeepClone() : all;
        return document;
    }
}
