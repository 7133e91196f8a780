// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §4.5 Verify Proof Sets and
//   Chains, https://www.w3.org/TR/vc-data-integrity/#verify-proof-sets-and-chains
using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Credentials.DataIntegrity;

/// <summary>
/// The shared state of verifying the proofs of one document: the request's work budget, and the canonical forms already
/// computed. Every proof of a proof set signs the same proof-less document, usually under the same <c>@context</c>, so
/// its canonical form (RDFC-1.0 can be the costliest step by far) is computed once and reused: n proofs cost one
/// canonicalization of the document plus n small ones of their proof configurations.
/// </summary>
/// <remarks>
/// Keyed by the identity of the proof-less document object, the transformation, and the JSON text of the
/// <c>@context</c> it is canonicalized under; a run lives for one <c>VerifyAsync</c> call and holds at most
/// <see cref="MaxEntries"/> forms. Mutable; confined to one verification (never shared between threads).
/// </remarks>
internal sealed class ProofVerificationRun(WorkBudget? budget)
{
    internal const int MaxEntries = 16;

    private readonly Dictionary<(JsonObject Document, object Transform, string Context), object> _forms = [];

    private (JsonObject Secured, JsonObject Unsecured)? _unsecured;

    /// <summary>A copy of <paramref name="secured"/> without its <c>proof</c>, made once per run and only when a proof
    /// needs one (a JCS proof hashes the secured document with the proof left out, without a copy).</summary>
    public JsonObject Unsecured(JsonObject secured)
    {
        if (_unsecured is { } made && ReferenceEquals(made.Secured, secured))
        {
            return made.Unsecured;
        }

        var copy = (JsonObject)secured.DeepClone();
        copy.Remove(ProofFields.Proof);
        _unsecured = (secured, copy);
        return copy;
    }

    /// <summary>The request's budget, or null when verification is unbounded (trusted input).</summary>
    public WorkBudget? Budget => budget;

    /// <summary>The canonical form of <paramref name="document"/> under <paramref name="context"/>, computed once.</summary>
    public T GetOrCreate<T>(JsonObject document, object transform, JsonNode? context, bool hasContext, Func<T> create)
        where T : notnull
    {
        string contextKey = hasContext ? "c" + (context?.ToJsonString() ?? "null") : "-";
        var key = (document, transform, contextKey);
        if (_forms.TryGetValue(key, out object? cached) && cached is T form)
        {
            return form;
        }

        T created = create();
        if (_forms.Count < MaxEntries)
        {
            _forms[key] = created;
        }

        return created;
    }
}
