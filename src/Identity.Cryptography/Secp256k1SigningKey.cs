// References: SEC 1 v2.0 (2009) §3.2.1 key pair generation, https://www.secg.org/sec1-v2.pdf
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Multiplier;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Identity.Cryptography;

/// <summary>A secp256k1 private key held as BouncyCastle parameters.</summary>
/// <remarks>
/// BouncyCastle's immutable big integers cannot be wiped; disposing drops the only reference. Every temporary byte
/// copy of the scalar made here is zeroed.
/// </remarks>
internal sealed class Secp256k1SigningKey : PrivateKey
{
    private ECPrivateKeyParameters? _parameters;

    /// <summary>Creates the key from a scalar the caller has range-checked with <see cref="EcCurve.IsValidScalar"/>.</summary>
    public Secp256k1SigningKey(ReadOnlySpan<byte> scalar)
    {
        byte[] copy = scalar.ToArray();
        try
        {
            ECDomainParameters domain = EcCurve.Secp256k1.Domain;
            _parameters = new ECPrivateKeyParameters(new BcBigInteger(1, copy), domain);
            byte[] compressed = new FixedPointCombMultiplier().Multiply(domain.G, _parameters.D).Normalize().GetEncoded(compressed: true);
            PublicKey = PublicKey.FromTrusted(KeyType.Secp256k1, compressed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public override KeyType KeyType => KeyType.Secp256k1;

    public override PublicKey PublicKey { get; }

    public override int SecretSize => EcCurve.Secp256k1.FieldSize;

    public ECPrivateKeyParameters Parameters => _parameters ?? throw new ObjectDisposedException(nameof(PrivateKey));

    public override void ExportSecret(Span<byte> destination)
    {
        byte[] scalar = Parameters.D.ToByteArrayUnsigned();
        try
        {
            destination[..^scalar.Length].Clear();
            scalar.CopyTo(destination[^scalar.Length..]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    protected override void Dispose(bool disposing) => _parameters = null;
}
