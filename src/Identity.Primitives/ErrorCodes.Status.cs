namespace Identity.Primitives;

/// <summary>Codes reported when checking a credential's <c>credentialStatus</c> against a W3C Bitstring Status List, or a
/// JOSE credential's <c>status</c> claim against a Token Status List.</summary>
public static partial class ErrorCodes
{
    /// <summary>A <c>credentialStatus</c> entry is not a well-formed <c>BitstringStatusListEntry</c>, or a <c>status</c> claim
    /// not a well-formed <c>status_list</c> reference.</summary>
    public const string InvalidStatusEntry = "invalidStatusEntry";

    /// <summary>The status list credential is malformed, unverifiable, outside its validity period, for another
    /// purpose, or does not cover the entry's index.</summary>
    public const string InvalidStatusList = "invalidStatusList";

    /// <summary>The status list credential could not be retrieved.</summary>
    public const string StatusListUnavailable = "statusListUnavailable";

    /// <summary>The status list credential was issued by someone other than the credential's issuer.</summary>
    public const string StatusListIssuerMismatch = "statusListIssuerMismatch";

    /// <summary>The credential's revocation bit is set.</summary>
    public const string CredentialRevoked = "credentialRevoked";

    /// <summary>A request to clear a credential's revocation bit: revocation is permanent (Bitstring Status List v1.0
    /// §2.1, <c>revocation</c>); suspend instead when the change may need undoing.</summary>
    public const string RevocationIsPermanent = "revocationIsPermanent";

    /// <summary>The credential's suspension bit is set.</summary>
    public const string CredentialSuspended = "credentialSuspended";

    /// <summary>The credential's status bit is set for a purpose other than revocation or suspension.</summary>
    public const string CredentialStatusFlagged = "credentialStatusFlagged";

    /// <summary>The status list is larger than this verifier accepts: its fetched credential or its decoded bitstring
    /// exceeds the documented caps.</summary>
    public const string StatusListTooLarge = "statusListTooLarge";

    /// <summary>One request would fetch more distinct status lists than a request may.</summary>
    public const string StatusListLimitExceeded = "statusListLimitExceeded";
}
