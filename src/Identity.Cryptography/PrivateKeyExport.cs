// References: NSec KeyExportPolicies (a key is created non-exportable unless asked),
// https://nsec.rocks/docs/api/nsec.cryptography.keyexportpolicies
namespace Identity.Cryptography;

/// <summary>Whether a <see cref="PrivateKey"/>'s raw secret may leave it through <see cref="PrivateKey.ExportSecret"/>.</summary>
/// <remarks>
/// Keys are created non-exportable. Only the places that must store a key opt in: the server's tenant keys (wrapped
/// under the key-encryption key) and the CLI wallet (encrypted under the user's password).
/// </remarks>
public enum PrivateKeyExport
{
    /// <summary>The secret never leaves the key object; <see cref="PrivateKey.ExportSecret"/> throws.</summary>
    None = 0,

    /// <summary>The secret may be exported once, to be wrapped or encrypted by the caller.</summary>
    AllowPlaintextExport = 1,
}
