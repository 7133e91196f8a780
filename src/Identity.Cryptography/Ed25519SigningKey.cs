// References: RFC 8032, Edwards-Curve Digital Signature Algorithm (EdDSA), January 2017, §5.1.5, https://www.rfc-editor.org/rfc/rfc8032 ;
// NSec Key and KeyCreationParameters, https://nsec.rocks/docs/api/nsec.cryptography.key
using NSec.Cryptography;

namespace Identity.Cryptography;

/// <summary>An Ed25519 private key held in an NSec <see cref="Key"/> (libsodium secure memory, wiped on dispose).</summary>
internal sealed class Ed25519SigningKey : PrivateKey
{
    private readonly Key _key;

    /// <summary>Takes ownership of <paramref name="key"/>, an NSec Ed25519 key created with the matching export policy.</summary>
    private Ed25519SigningKey(Key key, PrivateKeyExport export)
        : base(export)
    {
        _key = key;
        PublicKey = PublicKey.FromTrusted(KeyType.Ed25519, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public override KeyType KeyType => KeyType.Ed25519;

    public override PublicKey PublicKey { get; }

    public override int SecretSize => Ed25519SignatureAlgorithm.SeedSize;

    public static Ed25519SigningKey Generate(PrivateKeyExport export) =>
        new(Key.Create(SignatureAlgorithm.Ed25519, Parameters(export)), export);

    /// <summary>Derives the key from a 32-byte seed the caller has length-checked (RFC 8032 §5.1.5).</summary>
    public static Ed25519SigningKey FromSeed(ReadOnlySpan<byte> seed, PrivateKeyExport export) =>
        new(Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, Parameters(export)), export);

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        SignatureAlgorithm.Ed25519.Sign(_key, data, signature);
    }

    private protected override void ExportSecretCore(Span<byte> destination)
    {
        bool exported = _key.TryExport(KeyBlobFormat.RawPrivateKey, destination, out int written);
        System.Diagnostics.Debug.Assert(exported && written == destination.Length, "Invariant: an exportable key exports its 32-byte seed.");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }
    }

    private static KeyCreationParameters Parameters(PrivateKeyExport export) => new()
    {
        ExportPolicy = export == PrivateKeyExport.AllowPlaintextExport ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None,
    };
}
