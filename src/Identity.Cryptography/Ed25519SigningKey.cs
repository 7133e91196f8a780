// References: RFC 8032, Edwards-Curve Digital Signature Algorithm (EdDSA), January 2017, §5.1.5, https://www.rfc-editor.org/rfc/rfc8032
using Identity.Sodium;

namespace Identity.Cryptography;

/// <summary>An Ed25519 private key held by libsodium in guarded memory (<see cref="Ed25519PrivateKey"/>).</summary>
internal sealed class Ed25519SigningKey : PrivateKey
{
    private readonly Ed25519PrivateKey _key;

    public Ed25519SigningKey(Ed25519PrivateKey key)
    {
        _key = key;
        PublicKey = PublicKey.FromTrusted(KeyType.Ed25519, key.PublicKey);
    }

    public override KeyType KeyType => KeyType.Ed25519;

    public override PublicKey PublicKey { get; }

    public override int SecretSize => Ed25519.SeedSize;

    public void Sign(ReadOnlySpan<byte> data, Span<byte> signature) => _key.Sign(data, signature);

    public override void ExportSecret(Span<byte> destination) => _key.ExportSeed(destination);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }
    }
}
