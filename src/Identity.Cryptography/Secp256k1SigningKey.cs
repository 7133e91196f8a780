// References: SEC 1 v2.0 (2009) §3.2.1 key pair generation, https://www.secg.org/sec1-v2.pdf
using System.Security.Cryptography;
using Nethereum.Signer;

namespace Identity.Cryptography;

/// <summary>A secp256k1 private key held by a Nethereum <see cref="EthECKey"/>.</summary>
/// <remarks>
/// Nethereum keeps the scalar in an immutable big integer that cannot be wiped; disposing drops the only reference.
/// Every temporary byte copy of the scalar made here is zeroed.
/// </remarks>
internal sealed class Secp256k1SigningKey : PrivateKey
{
    private EthECKey? _key;

    /// <summary>Creates the key from a scalar the caller has range-checked with <see cref="EcCurve.IsValidScalar"/>.</summary>
    public Secp256k1SigningKey(ReadOnlySpan<byte> scalar, PrivateKeyExport export)
        : base(export)
    {
        byte[] copy = scalar.ToArray();
        try
        {
            _key = new EthECKey(copy, isPrivate: true);
            PublicKey = PublicKey.FromTrusted(KeyType.Secp256k1, _key.GetPubKey(true) /* compressed */);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public override KeyType KeyType => KeyType.Secp256k1;

    public override PublicKey PublicKey { get; }

    public override int SecretSize => EcCurve.Secp256k1.FieldSize;

    public EthECKey Key => _key ?? throw new ObjectDisposedException(nameof(PrivateKey));

    private protected override void ExportSecretCore(Span<byte> destination)
    {
        byte[] scalar = Key.GetPrivateKeyAsBytes();
        try
        {
            ReadOnlySpan<byte> trimmed = scalar.AsSpan().TrimStart((byte)0);
            destination[..^trimmed.Length].Clear();
            trimmed.CopyTo(destination[^trimmed.Length..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    protected override void Dispose(bool disposing) => _key = null;
}
