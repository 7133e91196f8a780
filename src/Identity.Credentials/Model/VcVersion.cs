namespace Identity.Credentials.Model;

/// <summary>The version of the W3C Verifiable Credentials Data Model a document follows, read from its first <c>@context</c>.</summary>
public enum VcVersion
{
    /// <summary>VC Data Model 1.1 (<see cref="VcContexts.V1"/>): <c>issuanceDate</c> / <c>expirationDate</c>.</summary>
    V1_1,

    /// <summary>VC Data Model 2.0 (<see cref="VcContexts.V2"/>): <c>validFrom</c> / <c>validUntil</c>.</summary>
    V2_0,
}
