namespace Identity.Credentials.Verification;

/// <summary>Check names of the JOSE and SD-JWT paths (docs/jose.md lists every check each format runs).</summary>
public static partial class CheckNames
{
    /// <summary>SD-JWT: every presented disclosure matches exactly one digest; <c>_sd_alg</c> is supported.</summary>
    public const string Disclosures = "disclosures";

    /// <summary>SD-JWT: the Key Binding JWT is signed by the <c>cnf</c> key and its <c>sd_hash</c> covers what was presented.</summary>
    public const string KeyBinding = "keyBinding";
}
