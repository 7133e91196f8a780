namespace Identity.Primitives;

/// <summary>Codes reported by the storage port when an identifier is already taken.</summary>
public static partial class ErrorCodes
{
    /// <summary>A tenant with that id already exists.</summary>
    public const string TenantExists = "tenantExists";

    /// <summary>The tenant already has a signing key with that key id.</summary>
    public const string KeyExists = "keyExists";

    /// <summary>The tenant already has a credential with that id.</summary>
    public const string CredentialExists = "credentialExists";
}
