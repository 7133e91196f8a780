// References: W3C Verifiable Credentials Data Model v2.0 (2025), §4.13 Verifiable Presentations,
// https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations
using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Model;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Presentations;

/// <summary>Builds a VC 2.0 presentation for a holder and signs it for a verifier's challenge and domain.</summary>
/// <remarks><threadsafety>Stateless; safe to use from any thread.</threadsafety></remarks>
public static class PresentationBuilder
{
    /// <summary>An unsigned presentation: <c>holder</c> plus the credentials, each deep-copied so the caller's trees stay untouched.</summary>
    public static JsonObject Create(string holder, IEnumerable<JsonObject> credentials, string? id = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        ArgumentNullException.ThrowIfNull(credentials);
        var presentation = new JsonObject
        {
            ["@context"] = new JsonArray(VcContexts.V2),
        };
        if (id is not null)
        {
            presentation["id"] = id;
        }

        presentation["type"] = new JsonArray("VerifiablePresentation");
        presentation["holder"] = holder;
        var list = new JsonArray([.. credentials.Select(c => c.DeepClone())]);
        if (list.Count > 0)
        {
            presentation["verifiableCredential"] = list;
        }

        return presentation;
    }

    /// <summary>Signs a presentation with an <c>authentication</c> proof bound to the verifier's challenge and domain.</summary>
    public static Result<JsonObject> Sign(
        DataIntegrityProofService proofs,
        JsonObject presentation,
        PrivateKey key,
        string verificationMethod,
        string? challenge,
        string? domain,
        DateTimeOffset created,
        string cryptosuite = "eddsa-jcs-2022")
    {
        ArgumentNullException.ThrowIfNull(proofs);
        return proofs.AddProof(presentation, cryptosuite, new ProofOptions
        {
            VerificationMethod = verificationMethod,
            ProofPurpose = "authentication",
            Challenge = challenge,
            Domain = domain,
            Created = created,
        }, key);
    }
}
