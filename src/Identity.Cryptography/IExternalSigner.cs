// References:
//   PKCS #11 Specification Version 3.1, OASIS Standard, 2023, §6.3.14 (CKM_ECDSA: the input is the hash, the output
//   r || s, each the length of the order) and §6.3.5 (CKM_EDDSA: the input is the message, the output R || S),
//   https://docs.oasis-open.org/pkcs11/pkcs11-spec/v3.1/pkcs11-spec-v3.1.html
namespace Identity.Cryptography;

/// <summary>
/// A signing operation done outside this process, with a private key that never enters it: a hardware security
/// module or any PKCS#11 token. Wrapped by <see cref="ExternalPrivateKey"/>, it signs through the ordinary
/// <see cref="ISignatureAlgorithm.Sign"/>.
/// </summary>
/// <remarks><threadsafety>Implementations must allow concurrent calls (one key signs for many requests at once).</threadsafety></remarks>
public interface IExternalSigner
{
    /// <summary>
    /// Signs <paramref name="input"/> with the raw mechanism: for Ed25519 the message itself (pure EdDSA, 64-byte
    /// R || S); for ECDSA the message's digest (SHA-256 for P-256, SHA-384 for P-384), answering the fixed-width r || s.
    /// </summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The device refused or failed the operation.</exception>
    byte[] Sign(ReadOnlySpan<byte> input);
}
