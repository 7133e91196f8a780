namespace Identity.Pkcs11;

/// <summary>
/// What the token says about a private key's protection (PKCS #11 §4.9 private key attributes), and whether its value
/// could be read at all: the facts that prove a key never leaves the device.
/// </summary>
/// <param name="Sensitive"><c>CKA_SENSITIVE</c>: the value cannot be revealed in plaintext.</param>
/// <param name="Extractable"><c>CKA_EXTRACTABLE</c>: the key can be wrapped (exported encrypted).</param>
/// <param name="AlwaysSensitive"><c>CKA_ALWAYS_SENSITIVE</c>: it has been sensitive since its creation.</param>
/// <param name="NeverExtractable"><c>CKA_NEVER_EXTRACTABLE</c>: it has never been extractable.</param>
/// <param name="ValueReadable">Whether <c>C_GetAttributeValue</c> on <c>CKA_VALUE</c> answered a value (it must not).</param>
public readonly record struct Pkcs11KeyProtection(bool Sensitive, bool Extractable, bool AlwaysSensitive, bool NeverExtractable, bool ValueReadable)
{
    /// <summary>True when the key is sensitive, non-extractable, has always been so, and its value cannot be read.</summary>
    public bool KeepsKeyInside => Sensitive && !Extractable && AlwaysSensitive && NeverExtractable && !ValueReadable;
}
