namespace Identity.Primitives;

/// <summary>
/// Codes of the consent a patient controls (docs/health.md): registering and withdrawing a <c>ConsentCredential</c>,
/// and the reasons an access decision denies.
/// </summary>
public static partial class ErrorCodes
{
    /// <summary>The consent credential is not one the service can register: a member is missing, malformed or out of bounds.</summary>
    public const string InvalidConsent = "invalidConsent";

    /// <summary>The tenant already registered a consent with this id.</summary>
    public const string ConsentExists = "consentExists";

    /// <summary>The consent is not issued by the patient: its issuer (or the holder) is neither a patient DID of the tenant nor a did:key/did:jwk of that patient's keys.</summary>
    public const string ConsentNotByPatient = "consentNotByPatient";

    /// <summary>Deny: the presentation carries no <c>ConsentCredential</c>.</summary>
    public const string ConsentMissing = "consentMissing";

    /// <summary>Deny: the tenant never registered (countersigned) this consent, or the presented one differs from the registered one.</summary>
    public const string ConsentNotRegistered = "consentNotRegistered";

    /// <summary>Deny: the patient withdrew the consent.</summary>
    public const string ConsentWithdrawn = "consentWithdrawn";

    /// <summary>Deny: the consent's period has ended, or not begun.</summary>
    public const string ConsentExpired = "consentExpired";

    /// <summary>Deny: the consent names another provider than the one asking.</summary>
    public const string ActorNotConsented = "actorNotConsented";

    /// <summary>Deny: the consent does not allow the purpose of use asked for.</summary>
    public const string PurposeNotConsented = "purposeNotConsented";

    /// <summary>Deny: a requested resource type or category is not covered by the consent.</summary>
    public const string DataNotConsented = "dataNotConsented";
}
