namespace Identity.Credentials.Verification;

/// <summary>The stable names of the checks the pipeline reports. Part of the public contract: never rename one.</summary>
public static partial class CheckNames
{
    public const string DataModel = "dataModel";
    public const string Proof = "proof";
    public const string IssuerResolution = "issuerResolution";
    public const string VerificationMethod = "verificationMethod";
    public const string ValidityPeriod = "validityPeriod";
    public const string CredentialSchema = "credentialSchema";
    public const string CredentialStatus = "credentialStatus";
    public const string HolderBinding = "holderBinding";
    public const string Challenge = "challenge";
    public const string Domain = "domain";
    public const string BiometricMatch = "biometricMatch";

    /// <summary>The verifier's policy on cryptosuites and issuers (<see cref="VerifierPolicy"/>).</summary>
    public const string Policy = "policy";

    /// <summary>A document with an RDFC proof is in the compacted form its contexts define (<c>jsonLdNotCompacted</c>).</summary>
    public const string CompactedForm = "compactedForm";

    /// <summary>The <c>relatedResource</c> digests match the resources this verifier holds (<c>relatedResourceMismatch</c>).</summary>
    public const string RelatedResource = "relatedResource";
}
