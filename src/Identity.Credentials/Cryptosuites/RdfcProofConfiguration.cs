// References:
//   W3C Data Integrity EdDSA Cryptosuites v1.0 §3.2.5 Proof Configuration (eddsa-rdfc-2022) and ECDSA Cryptosuites v1.0
//   §3.2.5 (ecdsa-rdfc-2019): the proof options under the document's @context, toRdf, then RDFC-1.0 —
//   https://www.w3.org/TR/vc-di-eddsa/#proof-configuration-eddsa-rdfc-2022 , https://www.w3.org/TR/vc-di-ecdsa/
//   JSON-LD 1.1 Processing Algorithms and API §5.3.2 Value Expansion (a string under a term whose type mapping is a
//   datatype, or none, becomes a value object whatever the string is) — https://www.w3.org/TR/json-ld11-api/#value-expansion

using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.JsonLd;
using Identity.JsonLd.Rdf;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>
/// The canonical N-Quads of an RDFC proof configuration, without expanding it on every proof. Proof configurations of
/// one issuer differ only in a few string values (<c>created</c>, <c>expires</c>, <c>challenge</c>, <c>domain</c>,
/// <c>nonce</c>); everything else (the <c>@context</c>, the keys, <c>type</c>, <c>cryptosuite</c>,
/// <c>verificationMethod</c>, <c>proofPurpose</c>, …) repeats. Per distinct shape — the exact JSON text of the context
/// and of every other value — the configuration is expanded once with those strings replaced by unique probes; when
/// each probe comes out as exactly one literal, the shape's quads are kept as a plan, and a later configuration of the
/// same shape gets the plan's quads with the probes' literals set to its own strings, canonicalized by RDFC-1.0 as usual.
/// </summary>
/// <remarks>
/// <para>Byte-identical to the general path: JSON-LD expands a string under a term whose type mapping is a datatype (or
/// none) to a literal of that datatype (and the context's default language) whatever the string holds, and nothing
/// else in the dataset depends on it; a probe that comes out otherwise (an <c>@id</c>, <c>@vocab</c> or <c>@json</c>
/// term, a term the contexts do not define, a failure) leaves its shape on the general path, and so does a value that
/// is not a string. The dataset is canonicalized by the same RDFC-1.0 code, so blank nodes and order are the general
/// path's.</para>
/// <para>Bounded: at most <see cref="MaxPlans"/> shapes are kept (all dropped when full), a shape longer than
/// <see cref="MaxShapeLength"/> characters is never kept, and the probe's expansion and every canonicalization are
/// charged to the request's budget.</para>
/// <threadsafety>Safe from any thread: plans are immutable once built; the cache is concurrent.</threadsafety>
/// </remarks>
internal sealed class RdfcProofConfiguration(JsonLdProcessor processor, Func<JsonObject, WorkBudget?, CanonicalBytes> general)
{
    /// <summary>The most shapes kept.</summary>
    internal const int MaxPlans = 256;

    /// <summary>The longest shape key (context plus fixed values, in characters) that is kept.</summary>
    internal const int MaxShapeLength = 8192;

    private static readonly string[] s_literalKeys = ["created", "expires", "challenge", "domain", "nonce"];

    // Unique per process, so that no value a document could carry equals a probe.
    private static readonly string s_probePrefix = "probe-" + Guid.NewGuid().ToString("N") + "-";

    private readonly ConcurrentDictionary<string, Plan?> _plans = new(StringComparer.Ordinal);

    /// <summary>The number of shapes kept (for tests).</summary>
    internal int PlanCount => _plans.Count;

    /// <summary>
    /// The canonical proof configuration: <paramref name="proof"/> without <c>proofValue</c> and, when
    /// <paramref name="replaceContext"/>, with <c>@context</c> set to <paramref name="context"/>.
    /// </summary>
    public CanonicalBytes Canonicalize(JsonObject proof, bool replaceContext, JsonNode? context, WorkBudget? budget)
    {
        List<string>? literals = ShapeOf(proof, replaceContext, context, out string? shape);
        if (shape is null || literals is null)
        {
            return general(Configuration(proof, replaceContext, context, null), budget);
        }

        if (!_plans.TryGetValue(shape, out Plan? plan))
        {
            plan = Probe(proof, replaceContext, context, literals.Count, budget);
            if (_plans.Count >= MaxPlans)
            {
                _plans.Clear();
            }

            _plans.TryAdd(shape, plan);
        }

        if (plan is null)
        {
            return general(Configuration(proof, replaceContext, context, null), budget);
        }

        if (budget is not null && !budget.TryCharge(1 + plan.Quads.Length))
        {
            return CanonicalBytes.Failed(UncheckedReason.WorkLimitExceeded, budget.Exceeded("JSON-LD processing"));
        }

        RdfQuad[] quads = [.. plan.Quads];
        foreach ((int quad, int literal) in plan.Slots)
        {
            RdfQuad q = quads[quad];
            quads[quad] = q with { Object = q.Object with { Value = literals[literal] } };
        }

        Result<CanonicalDataset> canonical = Rdfc10.Canonicalize(quads, Rdfc10Options.Default with { Budget = budget });
        return canonical.IsSuccess
            ? CanonicalBytes.Of(canonical.Value.Utf8.ToArray())
            : CanonicalBytes.Failed(UncheckedReason.WorkLimitExceeded, canonical.Error!);
    }

    // The shape key (every member but the literal strings, and the context) and the literal strings in member order; a
    // null shape when the configuration is too large to keep.
    private static List<string>? ShapeOf(JsonObject proof, bool replaceContext, JsonNode? context, out string? shape)
    {
        var key = new StringBuilder(256);
        var literals = new List<string>(2);
        foreach ((string name, JsonNode? value) in proof)
        {
            if (name == "proofValue" || (replaceContext && name == "@context"))
            {
                continue;
            }

            // The name's length first: a name holding NUL or U+0001 cannot fold members into one with another proof's key.
            key.Append(name.Length).Append(':').Append(name).Append('\0');
            if (IsLiteralKey(name) && value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
            {
                literals.Add(text.GetValue<string>());
                key.Append('\u0001');
            }
            else
            {
                key.Append(value?.ToJsonString() ?? "null");
            }

            key.Append('\0');
            if (key.Length > MaxShapeLength)
            {
                shape = null;
                return null;
            }
        }

        key.Append(replaceContext ? "@context\0" + (context?.ToJsonString() ?? "null") : "-");
        shape = key.Length > MaxShapeLength ? null : key.ToString();
        return literals;
    }

    private static bool IsLiteralKey(string name) => Array.IndexOf(s_literalKeys, name) >= 0;

    // The configuration as the general path hashes it; with probes, each literal string i replaced by probe i.
    private static JsonObject Configuration(JsonObject proof, bool replaceContext, JsonNode? context, string[]? probes)
    {
        var configuration = new JsonObject();
        int literal = 0;
        foreach ((string name, JsonNode? value) in proof)
        {
            if (name == "proofValue" || (replaceContext && name == "@context"))
            {
                continue;
            }

            bool isLiteral = probes is not null && IsLiteralKey(name) && value is JsonValue text && text.GetValueKind() == JsonValueKind.String;
            configuration[name] = isLiteral ? JsonValue.Create(probes![literal++]) : value?.DeepClone();
        }

        if (replaceContext)
        {
            configuration["@context"] = context?.DeepClone();
        }

        return configuration;
    }

    // Expands the shape once with probes; null (the general path for this shape) unless every probe is exactly one
    // literal object and appears nowhere else.
    private Plan? Probe(JsonObject proof, bool replaceContext, JsonNode? context, int literalCount, WorkBudget? budget)
    {
        string[] probes = [.. Enumerable.Range(0, literalCount).Select(i => s_probePrefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        JsonLdOptions options = budget is null ? Validation.CompactedForm.Options : Validation.CompactedForm.Options with { Budget = budget };
        Result<IReadOnlyList<RdfQuad>> expanded = processor.ToRdf(Configuration(proof, replaceContext, context, probes), options);
        if (!expanded.IsSuccess)
        {
            return null;
        }

        RdfQuad[] quads = [.. expanded.Value];
        var slots = new List<(int Quad, int Literal)>(literalCount);
        var seen = new bool[literalCount];
        for (int i = 0; i < quads.Length; i++)
        {
            RdfQuad q = quads[i];
            if (Mentions(q.Subject) || Mentions(q.Predicate) || Mentions(q.Graph) || (q.Object.Kind != RdfTermKind.Literal && Mentions(q.Object))
                || (q.Object.Datatype ?? string.Empty).Contains(s_probePrefix, StringComparison.Ordinal))
            {
                return null;
            }

            if (q.Object.Kind == RdfTermKind.Literal && Mentions(q.Object))
            {
                int index = Array.IndexOf(probes, q.Object.Value);
                if (index < 0 || seen[index])
                {
                    return null;
                }

                seen[index] = true;
                slots.Add((i, index));
            }
        }

        return Array.TrueForAll(seen, s => s) ? new Plan(quads, [.. slots]) : null;
    }

    private static bool Mentions(RdfTerm term) => term.Value.Contains(s_probePrefix, StringComparison.Ordinal);

    /// <summary>A shape's quads and, per literal string, the quad whose object literal carries it.</summary>
    private sealed record Plan(RdfQuad[] Quads, (int Quad, int Literal)[] Slots);
}
