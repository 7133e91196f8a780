// References: W3C Verifiable Credential Data Integrity 1.0, W3C Recommendation 15 May 2025, §2.4 Contexts and
//   Vocabularies (a securing application injects the Data Integrity context when the document's contexts do not map
//   the Data Integrity terms), https://www.w3.org/TR/vc-data-integrity/#contexts-and-vocabularies
using System.Diagnostics.Contracts;
using System.Text.Json.Nodes;
using Identity.Credentials.Model;

namespace Identity.Credentials.DataIntegrity;

/// <summary>
/// Makes sure a document about to be secured with a Data Integrity proof has a <c>@context</c> that defines the proof's
/// terms (<c>DataIntegrityProof</c>, <c>cryptosuite</c>, <c>proofValue</c>, ...). The VC 2.0 base context defines them;
/// the VC 1.1 base context does not, so a 1.1 credential gets <see cref="Url"/> appended before it is signed.
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class DataIntegrityContext
{
    /// <summary>The Data Integrity v2 context, shipped in <c>schemas/contexts</c>.</summary>
    public const string Url = "https://w3id.org/security/data-integrity/v2";

    /// <summary>True when the <c>@context</c> lists the VC 2.0 base context or <see cref="Url"/>, either of which defines the Data Integrity terms.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    public static bool DefinesProofTerms(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonValues.AsSet(document[ProofFields.Context])
            .Select(JsonValues.GetString)
            .Any(url => url is VcContexts.V2 or Url);
    }

    /// <summary>
    /// A copy of <paramref name="document"/> whose <c>@context</c> ends with <see cref="Url"/> when it did not already
    /// define the Data Integrity terms (a lone context string becomes a two-item set). A document without a
    /// <c>@context</c>, or with one that is neither a string nor an array, is copied unchanged: the data-model check
    /// reports it, and guessing a context for it would sign something the issuer did not write.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="document"/> is null.</exception>
    [Pure]
    public static JsonObject WithProofTerms(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var copy = (JsonObject)document.DeepClone();
        if (DefinesProofTerms(copy))
        {
            return copy;
        }

        switch (copy[ProofFields.Context])
        {
            case JsonArray contexts:
                contexts.Add(Url);
                break;
            case JsonValue single when JsonValues.GetString(single) is { } url:
                copy[ProofFields.Context] = new JsonArray(url, Url);
                break;
        }

        return copy;
    }
}
