namespace Identity.Primitives;

/// <summary>Codes of patient DIDs registered by a tenant (<c>did:web:{host}:tenants:{t}:patients:{id}</c>).</summary>
public static partial class ErrorCodes
{
    /// <summary>The tenant already has a patient DID with this id.</summary>
    public const string PatientExists = "patientExists";

    /// <summary>The DID was deactivated by its tenant; its document is no longer served and it cannot be updated.</summary>
    public const string DidDeactivated = "didDeactivated";

    /// <summary>A signed update named a document version that is no longer the current one.</summary>
    public const string VersionConflict = "versionConflict";
}
