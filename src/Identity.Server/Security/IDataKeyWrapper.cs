using Identity.Cryptography;

namespace Identity.Server.Security;

/// <summary>
/// Wraps and unwraps the per-tenant secrets the service keeps in its store (the data key that encrypts records at rest,
/// the audit pseudonym key, the biometric pepper) under the deployment's root of trust. Today that is the master key
/// (<see cref="KeyWrapper"/>); an HSM- or KMS-backed wrapper implements the same two calls.
/// </summary>
/// <remarks><threadsafety>Implementations are thread-safe.</threadsafety></remarks>
internal interface IDataKeyWrapper
{
    /// <summary>Wraps <paramref name="secret"/>, bound to its tenant and name (a blob moved to another row does not unwrap).</summary>
    byte[] WrapSecret(ReadOnlySpan<byte> secret, string tenantId, string name);

    /// <summary>Unwraps into secure memory.</summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The blob was not wrapped by this root for this tenant and name.</exception>
    SecureBuffer UnwrapSecret(ReadOnlySpan<byte> wrapped, string tenantId, string name);
}
