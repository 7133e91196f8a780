// References:
//   W3C Data Integrity EdDSA Cryptosuites v1.0 §3.2.3 and ECDSA Cryptosuites v1.0 §3.2.3 (the RDFC suites sign the
//   canonical RDF dataset) — https://www.w3.org/TR/vc-di-eddsa/ , https://www.w3.org/TR/vc-di-ecdsa/
//   JSON-LD 1.1 Processing Algorithms and API, §6 Compaction Algorithms — https://www.w3.org/TR/json-ld11-api/#compaction-algorithms

using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Credentials.Cryptosuites;
using Identity.JsonLd;
using Identity.Primitives;

namespace Identity.Credentials.Validation;

/// <summary>
/// Whether a document secured over its RDF (a proof with an RDFC cryptosuite) is in the compacted form its contexts
/// define, so that what the checks read from its JSON is exactly what the proof signs (docs/errors/jsonLdNotCompacted.md).
/// </summary>
/// <remarks>
/// The RDFC cryptosuites enforce the same rule themselves when they sign and verify; this check runs it up front, so
/// that a respelled document is reported as <c>jsonLdNotCompacted</c> even when its JSON no longer parses as a credential.
/// Documents with JCS proofs only are not checked: their proofs sign the exact JSON.
/// <threadsafety>Stateless; safe from any thread.</threadsafety>
/// </remarks>
public static class CompactedForm
{
    private const string Vc = "https://www.w3.org/2018/credentials#";
    private const string Security = "https://w3id.org/security#";
    private const string Status = "https://www.w3.org/ns/credentials/status#";

    /// <summary>
    /// The properties the verifier reads by name (data model, validity, status, schema, holder binding, proof options),
    /// by IRI: in a document secured over RDF they may be written only under these keys, in VC 1.1 and 2.0 alike.
    /// </summary>
    private static readonly Dictionary<string, string> s_readByName = new(StringComparer.Ordinal)
    {
        [Vc + "credentialSubject"] = "credentialSubject", [Vc + "issuer"] = "issuer", [Vc + "holder"] = "holder",
        [Vc + "validFrom"] = "validFrom", [Vc + "validUntil"] = "validUntil",
        [Vc + "issuanceDate"] = "issuanceDate", [Vc + "expirationDate"] = "expirationDate",
        [Vc + "credentialStatus"] = "credentialStatus", [Vc + "credentialSchema"] = "credentialSchema",
        [Vc + "evidence"] = "evidence", [Vc + "termsOfUse"] = "termsOfUse", [Vc + "refreshService"] = "refreshService",
        [Vc + "verifiableCredential"] = "verifiableCredential",
        [Security + "proof"] = "proof", [Security + "proofPurpose"] = "proofPurpose", [Security + "verificationMethod"] = "verificationMethod",
        [Security + "challenge"] = "challenge", [Security + "domain"] = "domain", [Security + "cryptosuite"] = "cryptosuite",
        [Security + "previousProof"] = "previousProof", [Security + "proofValue"] = "proofValue", [Security + "expiration"] = "expires",
        ["http://purl.org/dc/terms/created"] = "created",
        [Status + "statusPurpose"] = "statusPurpose", [Status + "statusListIndex"] = "statusListIndex",
        [Status + "statusListCredential"] = "statusListCredential",
    };

    /// <summary>The JSON-LD options the RDFC suites sign and verify with: safe mode, compacted form, reserved keys.</summary>
    internal static JsonLdOptions Options { get; } = new() { SafeMode = true, RequireCompactedForm = true, ReservedKeys = s_readByName };

    /// <summary>True when <paramref name="document"/> carries at least one proof that signs its RDF (an RDFC cryptosuite,
    /// or the legacy <c>Ed25519Signature2020</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static bool IsRdfSecured(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return RdfcProofs(document).Any();
    }

    /// <summary>
    /// Checks the inputs every RDFC proof of <paramref name="document"/> signs: the document without <c>proof</c> (under
    /// the proof's <c>@context</c> when it has one, as the suites hash it) and the proof without <c>proofValue</c>.
    /// </summary>
    /// <returns>A <c>jsonLdNotCompacted</c> error, or null when the document is in compacted form, has no RDFC proof, or
    /// fails for another reason (which the proof check reports).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Error? CheckSecured(JsonObject document, JsonLdProcessor jsonLd, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(jsonLd);

        // Proofs under the same @context sign the same unsecured document: it is expanded once per distinct @context
        // (a document with thousands of proofs must not cost thousands of expansions), and every expansion charges the
        // request's budget.
        var checkedContexts = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonObject proof in RdfcProofs(document))
        {
            if (budget?.IsExhausted == true)
            {
                return budget.Exceeded("The compacted-form check");
            }

            var config = (JsonObject)proof.DeepClone();
            config.Remove("proofValue");
            JsonNode? context = config["@context"] ?? document["@context"];
            config["@context"] = context?.DeepClone();
            if (Check(config, jsonLd, budget) is { } configError)
            {
                return configError;
            }

            if (checkedContexts.Add(context?.ToJsonString() ?? "null"))
            {
                var unsecured = (JsonObject)document.DeepClone();
                unsecured.Remove("proof");
                unsecured["@context"] = context?.DeepClone();
                if (Check(unsecured, jsonLd, budget) is { } documentError)
                {
                    return documentError;
                }
            }
        }

        return null;
    }

    /// <summary>Checks a document about to be signed with an RDFC cryptosuite (issuance).</summary>
    /// <returns>A <c>jsonLdNotCompacted</c> error, or null (other JSON-LD errors are left to the signing step).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Error? Check(JsonObject unsecured, JsonLdProcessor jsonLd, WorkBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(unsecured);
        ArgumentNullException.ThrowIfNull(jsonLd);
        Result<JsonArray> expanded = jsonLd.Expand(unsecured, budget is null ? Options : Options with { Budget = budget });
        return !expanded.IsSuccess && expanded.Error!.Code is ErrorCodes.JsonLdNotCompacted or ErrorCodes.WorkLimitExceeded ? expanded.Error : null;
    }

    /// <summary>True for the names of the cryptosuites that sign the canonical RDF dataset.</summary>
    public static bool IsRdfcSuite(string? cryptosuite) => cryptosuite is EddsaRdfc2022.CryptosuiteName or EcdsaRdfc2019.CryptosuiteName;

    // A Data Integrity proof with an RDFC cryptosuite, or a legacy proof whose type names an RDF-signing suite
    // (Ed25519Signature2020: no cryptosuite member, the same RDFC transformation).
    private static bool SignsRdf(JsonObject proof) =>
        Text(proof["cryptosuite"]) is { } suite
            ? IsRdfcSuite(suite)
            : Text(proof["type"]) == Ed25519Signature2020.ProofType;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static IEnumerable<JsonObject> RdfcProofs(JsonObject document)
    {
        JsonNode? proofs = document["proof"];
        foreach (JsonNode? proof in proofs is JsonArray array ? array : (IEnumerable<JsonNode?>)[proofs])
        {
            if (proof is JsonObject map && SignsRdf(map))
            {
                yield return map;
            }
        }
    }
}
