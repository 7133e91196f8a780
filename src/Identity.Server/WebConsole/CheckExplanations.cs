using Identity.Credentials.Verification;

namespace Identity.Server.WebConsole;

/// <summary>What each verifier check (<see cref="CheckNames"/>) establishes, in words a provider at the desk can act on.</summary>
internal static class CheckExplanations
{
    public static string For(string check) => check switch
    {
        CheckNames.DataModel => "The document has the shape the W3C Verifiable Credentials data model requires (contexts, types, issuer, subject, dates).",
        CheckNames.Proof => "The signature is valid: nothing in the document changed since the issuer (or, for a presentation, the holder) signed it.",
        CheckNames.IssuerResolution => "The issuer's DID was resolved to its DID document, where its public keys are published.",
        CheckNames.VerificationMethod => "The signing key belongs to the issuer and is authorised for this purpose (assertion, or authentication for a holder).",
        CheckNames.ValidityPeriod => "Today is within the credential's validFrom / validUntil dates.",
        CheckNames.CredentialSchema => "The credential's claims match the JSON Schema it declares.",
        CheckNames.CredentialStatus => "The issuer's signed status list says the credential is neither revoked nor suspended.",
        CheckNames.HolderBinding => "The person presenting is the credential's subject: the presentation is signed by a key of the subject's DID.",
        CheckNames.Challenge => "The presentation answers this desk's challenge, once: a copied or replayed presentation fails here.",
        CheckNames.Domain => "The presentation was made for this verifier's domain, not for another site.",
        CheckNames.BiometricMatch => "A fresh capture matched the patient's enrolled, protected biometric template.",
        CheckNames.Policy => "The cryptosuite and the issuer are ones this service's verifier policy accepts.",
        CheckNames.CompactedForm => "What the checks read is exactly what the JSON-LD proof signed (the document is in its compacted form).",
        CheckNames.Disclosures => "Every selectively disclosed claim matches a digest the issuer signed.",
        CheckNames.KeyBinding => "The SD-JWT holder's key-binding signature covers exactly what was presented.",
        _ => "A check of the verifier pipeline; its detail says what it found.",
    };
}
