// References: NSec Key design (a key object whose secret never leaves it), https://nsec.rocks/docs/api/nsec.cryptography.key
using System.Security.Cryptography;

namespace Identity.Cryptography;

/// <summary>
/// A private key held outside the process (see <see cref="IExternalSigner"/>), usable wherever a
/// <see cref="PrivateKey"/> signs: the algorithm of its <see cref="KeyType"/> hands the signer the message (Ed25519)
/// or its digest (ECDSA), then checks the answer before returning it.
/// </summary>
/// <remarks>
/// Invariant: a signature leaves <see cref="ISignatureAlgorithm.Sign"/> only when it verifies under
/// <see cref="PublicKey"/>: a device that answers with another key, a truncated or a faulty signature fails closed
/// (<see cref="CryptographicException"/>), at the cost of one verification per signature.
/// [Mutable] Like every <see cref="PrivateKey"/>: <see cref="PrivateKey.Dispose()"/> releases the signer when it is
/// <see cref="IDisposable"/>. The secret is never exportable: <see cref="PrivateKey.ExportSecret"/> always throws.
/// <threadsafety>As thread-safe as its signer; <see cref="IExternalSigner"/> requires concurrent use to be safe.</threadsafety>
/// </remarks>
public sealed class ExternalPrivateKey : PrivateKey
{
    private readonly IExternalSigner _signer;

    /// <summary>Wraps <paramref name="signer"/>, which signs with the private half of <paramref name="publicKey"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not of a key type that signs.</exception>
    public ExternalPrivateKey(PublicKey publicKey, IExternalSigner signer)
        : base(PrivateKeyExport.None)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signer);
        if (!SignatureAlgorithms.ForKeyType(publicKey.KeyType).IsSuccess)
        {
            throw new ArgumentException($"A {publicKey.KeyType} key cannot sign.", nameof(publicKey));
        }

        PublicKey = publicKey;
        _signer = signer;
    }

    public override KeyType KeyType => PublicKey.KeyType;

    public override PublicKey PublicKey { get; }

    /// <summary>Always 0: no secret ever leaves the device.</summary>
    public override int SecretSize => 0;

    /// <summary>
    /// Has the signer sign <paramref name="input"/> (the message, or its digest) and returns the signature once it has
    /// the algorithm's size and verifies over <paramref name="message"/>.
    /// </summary>
    internal byte[] Sign(ISignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> input)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        byte[] signature = _signer.Sign(input);
        if (signature.Length != algorithm.SignatureSize || !algorithm.Verify(PublicKey, message, signature))
        {
            throw new CryptographicException($"The external signer answered a {algorithm.Name} signature that does not verify under its public key.");
        }

        return signature;
    }

    private protected override void ExportSecretCore(Span<byte> destination) =>
        throw new InvalidOperationException("An external private key never leaves its device.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && _signer is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
