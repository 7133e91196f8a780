using Identity.Cryptography;

namespace Identity.Server.Tenants;

/// <summary>An unwrapped tenant key ready to sign, with the verification method that names it in a DID document.</summary>
internal sealed record SigningKey(string KeyId, PrivateKey PrivateKey, string VerificationMethod);
