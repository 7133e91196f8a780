// References:
//   W3C Data Integrity EdDSA Cryptosuites v1.0, §3.2.3 Transformation (eddsa-rdfc-2022) — https://www.w3.org/TR/vc-di-eddsa/#transformation-eddsa-rdfc-2022
//   W3C Data Integrity ECDSA Cryptosuites v1.0, §3.2.3 Transformation (ecdsa-rdfc-2019) — https://www.w3.org/TR/vc-di-ecdsa/#transformation-ecdsa-rdfc-2019
//   RDF Dataset Canonicalization (RDFC-1.0) — https://www.w3.org/TR/rdf-canon/

using System.Text.Json.Nodes;
using Identity.Credentials.Verification;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Cryptosuites;

/// <summary>The RDFC suites' transformation: JSON-LD 1.1 <c>toRdf</c> in safe mode, then RDFC-1.0 (SHA-256) to canonical N-Quads.</summary>
/// <remarks>
/// Safe mode refuses terms the contexts do not define (instead of dropping them silently), so nothing in a signed
/// document escapes the signature; compacted form (<see cref="JsonLdOptions.RequireCompactedForm"/>) refuses every
/// spelling of the same RDF but the one the contexts define (<c>jsonLdNotCompacted</c>), so what the checks read from
/// the JSON is exactly what is signed. Both sign and verify use it: a proof over a respelled document never verifies,
/// and such a document is never signed. A document that cannot be
/// transformed is not checked: for exceeding the work limit (<see cref="UncheckedReason.WorkLimitExceeded"/>), else as a
/// malformed document (<see cref="UncheckedReason.MalformedDocument"/>). <threadsafety>Safe from any thread.</threadsafety>
/// </remarks>
internal static class RdfcCanonicalization
{
    private static readonly JsonLdOptions s_options = Validation.CompactedForm.Options;

    /// <summary><paramref name="profile"/> with this transformation, and its proof configurations transformed through a
    /// per-suite <see cref="RdfcProofConfiguration"/> (expanded once per shape, byte-identical to the transformation).</summary>
    public static JcsSuiteProfile Over(JcsSuiteProfile profile, JsonLdProcessor processor)
    {
        Func<JsonObject, WorkBudget?, CanonicalBytes> transform = For(processor);
        return profile with { Transform = transform, TransformProofConfiguration = new RdfcProofConfiguration(processor, transform).Canonicalize };
    }

    public static Func<JsonObject, WorkBudget?, CanonicalBytes> For(JsonLdProcessor processor) => (document, budget) =>
        processor.TryCanonicalize(document, budget is null ? s_options : s_options with { Budget = budget }, out var canonical, out var failure)
            ? CanonicalBytes.Of(canonical.Utf8.ToArray())
            : CanonicalBytes.Failed(
                failure.Kind == JsonLdFailureKind.WorkLimitExceeded ? UncheckedReason.WorkLimitExceeded : UncheckedReason.MalformedDocument,
                failure.Error);
}
