namespace Identity.Primitives;

/// <summary>Codes reported by the credential and presentation verification pipeline.</summary>
public static partial class ErrorCodes
{
    public const string CredentialExpired = "credentialExpired";
    public const string CredentialNotYetValid = "credentialNotYetValid";
    public const string HolderMismatch = "holderMismatch";
    public const string IssuerMismatch = "issuerMismatch";
    public const string ChallengeRequired = "challengeRequired";
    public const string CryptosuiteNotAccepted = "cryptosuiteNotAccepted";
    public const string UntrustedIssuer = "untrustedIssuer";

    /// <summary>A <c>relatedResource</c> digest (<c>digestSRI</c>, <c>digestMultibase</c>) does not match the bytes of a
    /// resource this service holds (VC DM 2.0 §5.3), or cannot be checked against them.</summary>
    public const string RelatedResourceMismatch = "relatedResourceMismatch";
}
