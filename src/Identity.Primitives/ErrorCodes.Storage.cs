namespace Identity.Primitives;

/// <summary>Codes reported by the storage port when an identifier is already taken or a key lifecycle rule refuses a change.</summary>
public static partial class ErrorCodes
{
    /// <summary>A tenant with that id already exists.</summary>
    public const string TenantExists = "tenantExists";

    /// <summary>The tenant already has a signing key with that key id.</summary>
    public const string KeyExists = "keyExists";

    /// <summary>The tenant already has a credential with that id.</summary>
    public const string CredentialExists = "credentialExists";

    /// <summary>The key is the tenant's only active signing key; add another before retiring it.</summary>
    public const string LastActiveKey = "lastActiveKey";

    /// <summary>The signing key the request needs (e.g. the one behind the tenant's did:key) is retired and never signs again.</summary>
    public const string KeyRetired = "keyRetired";
}
