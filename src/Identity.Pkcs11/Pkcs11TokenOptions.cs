namespace Identity.Pkcs11;

/// <summary>Where the token is and how to log in to it.</summary>
/// <remarks>Exactly one of <see cref="TokenLabel"/> and <see cref="SlotId"/> names the token. The PIN is a secret: never log it.</remarks>
public sealed record Pkcs11TokenOptions
{
    /// <summary>The path of the PKCS#11 module (the vendor's shared library, e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>).</summary>
    public required string ModulePath { get; init; }

    /// <summary>The label of the token to use (<c>CKA_LABEL</c> of its token info), or null to choose it by <see cref="SlotId"/>.</summary>
    public string? TokenLabel { get; init; }

    /// <summary>The slot id of the token to use, or null to choose it by <see cref="TokenLabel"/>.</summary>
    public ulong? SlotId { get; init; }

    /// <summary>The user PIN (<c>CKU_USER</c>).</summary>
    public required string Pin { get; init; }
}
