// References: FIPS 186-5, Digital Signature Standard (DSS), February 2023, §6.2, https://doi.org/10.6028/NIST.FIPS.186-5
using System.Security.Cryptography;

namespace Identity.Cryptography;

/// <summary>A P-256 or P-384 private key held by the platform's <see cref="ECDsa"/> (OpenSSL on Linux).</summary>
internal sealed class NistSigningKey : PrivateKey
{
    private readonly ECDsa _ecdsa;
    private readonly EcCurve _curve;

    /// <summary>Takes ownership of <paramref name="ecdsa"/>, which must hold a private key on <paramref name="curve"/>.</summary>
    public NistSigningKey(EcCurve curve, ECDsa ecdsa, PrivateKeyExport export)
        : base(export)
    {
        _curve = curve;
        _ecdsa = ecdsa;
        ECPoint q = ecdsa.ExportParameters(includePrivateParameters: false).Q;
        byte[] compressed = new byte[curve.CompressedSize];
        compressed[0] = (q.Y![^1] & 1) == 0 ? (byte)0x02 : (byte)0x03;
        q.X!.CopyTo(compressed, 1);
        PublicKey = PublicKey.FromTrusted(curve.KeyType, compressed);
    }

    public override KeyType KeyType => _curve.KeyType;

    public override PublicKey PublicKey { get; }

    public override int SecretSize => _curve.FieldSize;

    public ECDsa Ecdsa
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsDisposed, this);
            return _ecdsa;
        }
    }

    private protected override void ExportSecretCore(Span<byte> destination)
    {
        ECParameters parameters = _ecdsa.ExportParameters(includePrivateParameters: true);
        try
        {
            parameters.D.AsSpan().CopyTo(destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ecdsa.Dispose();
        }
    }
}
