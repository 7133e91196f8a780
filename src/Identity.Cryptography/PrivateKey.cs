// References: NSec Key design (mutable, disposable owner of secret memory), https://nsec.rocks/docs/api/nsec.cryptography.key
//   SEC 1 v2.0 §3.2 (EC private keys are scalars in [1, n - 1]); RFC 8032 §5.1.5 (Ed25519 private key = 32-byte seed)
namespace Identity.Cryptography;

/// <summary>
/// A private (signing) key together with its <see cref="PublicKey"/>. Obtain one from
/// <see cref="ISignatureAlgorithm.GenerateKey"/>, <see cref="ISignatureAlgorithm.ImportPrivateKey"/> or
/// <see cref="Multikey.DecodePrivateKey"/>; use it with the algorithm of the same <see cref="KeyType"/>.
/// </summary>
/// <remarks>
/// [Mutable] This is the deliberate exception to the library's immutability rule (as NSec's <c>Key</c>): it owns
/// secret material — in an NSec <c>Key</c> for Ed25519, in an OpenSSL key for P-256/P-384, in a Nethereum key for
/// secp256k1, or outside the process altogether (<see cref="ExternalPrivateKey"/>, a PKCS#11 token) — and
/// <see cref="Dispose()"/> releases it. The secret leaves the object only when the key was created
/// with <see cref="PrivateKeyExport.AllowPlaintextExport"/>. Always dispose a key when done.
/// The hierarchy is closed: only this assembly defines subclasses.
/// <threadsafety>Signing with one key from several threads at once is safe; disposing while another thread uses the
/// key is not.</threadsafety>
/// </remarks>
public abstract class PrivateKey : IDisposable
{
    private protected PrivateKey(PrivateKeyExport export)
    {
        IsExportable = export == PrivateKeyExport.AllowPlaintextExport;
    }

    /// <summary>The kind of key.</summary>
    public abstract KeyType KeyType { get; }

    /// <summary>The matching public key.</summary>
    public abstract PublicKey PublicKey { get; }

    /// <summary>True once <see cref="Dispose()"/> has run; a disposed key can no longer sign or be exported.</summary>
    public bool IsDisposed { get; private set; }

    /// <summary>Whether <see cref="ExportSecret"/> is allowed (the key was created with <see cref="PrivateKeyExport.AllowPlaintextExport"/>).</summary>
    public bool IsExportable { get; }

    /// <summary>The byte length of the exported secret: the Ed25519 seed or the EC scalar.</summary>
    public abstract int SecretSize { get; }

    /// <summary>Releases the secret material. Calling it more than once has no further effect.</summary>
    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            Dispose(disposing: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public override string ToString() => $"{KeyType} private key ({(IsDisposed ? "disposed" : PublicKey.ToString())})";

    /// <summary>
    /// Writes the raw secret (32-byte Ed25519 seed, or the big-endian EC scalar) to <paramref name="destination"/>,
    /// which must be exactly <see cref="SecretSize"/> bytes. Callers wipe the copy when done.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="SecretSize"/> bytes long.</exception>
    /// <exception cref="InvalidOperationException">The key is not exportable (<see cref="IsExportable"/>).</exception>
    /// <exception cref="ObjectDisposedException">The key has been disposed.</exception>
    public void ExportSecret(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!IsExportable)
        {
            throw new InvalidOperationException("This private key was created without PrivateKeyExport.AllowPlaintextExport.");
        }

        Preconditions.CheckLength(destination, SecretSize, nameof(destination));
        ExportSecretCore(destination);
    }

    /// <summary>Writes the secret; the base class has checked disposal, the export policy and the length.</summary>
    private protected abstract void ExportSecretCore(Span<byte> destination);

    /// <summary>Releases the secret material held by the subclass.</summary>
    protected abstract void Dispose(bool disposing);
}
