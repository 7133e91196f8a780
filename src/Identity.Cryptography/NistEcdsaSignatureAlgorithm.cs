// References:
//   FIPS 186-5, Digital Signature Standard (DSS), February 2023, §6 (ECDSA), https://doi.org/10.6028/NIST.FIPS.186-5
//   RFC 7518, JSON Web Algorithms (JWA), May 2015, §3.4 (ES256, ES384), https://www.rfc-editor.org/rfc/rfc7518
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.Cryptography;

/// <summary>
/// ECDSA on P-256 (SHA-256) or P-384 (SHA-384) over the platform's <see cref="ECDsa"/>, with IEEE P1363 r || s
/// signatures. Signing uses the platform's random nonces, so signatures are not deterministic.
/// </summary>
internal sealed class NistEcdsaSignatureAlgorithm : ISignatureAlgorithm
{
    private readonly EcCurve _curve;
    private readonly ECCurve _platformCurve;
    private readonly HashAlgorithmName _hash;

    public NistEcdsaSignatureAlgorithm(EcCurve curve)
    {
        _curve = curve;
        (_platformCurve, _hash, Name, JwsAlgorithm) = curve.KeyType == KeyType.P256
            ? (ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, "P-256", "ES256")
            : (ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, "P-384", "ES384");
    }

    public KeyType KeyType => _curve.KeyType;

    public string Name { get; }

    public string JwsAlgorithm { get; }

    public int SignatureSize => 2 * _curve.FieldSize;

    public int PrivateKeySize => _curve.FieldSize;

    public PrivateKey GenerateKey(PrivateKeyExport export = PrivateKeyExport.None) => new NistSigningKey(_curve, ECDsa.Create(_platformCurve), export);

    public Result<PrivateKey> ImportPrivateKey(ReadOnlySpan<byte> secret, PrivateKeyExport export = PrivateKeyExport.None)
    {
        if (!_curve.IsValidScalar(secret))
        {
            return new Error(ErrorCodes.InvalidPrivateKey, $"A {Name} private key is a {_curve.FieldSize}-byte scalar in [1, n - 1].");
        }

        // The platform derives Q from D when Q is left empty.
        var parameters = new ECParameters { Curve = _platformCurve, D = secret.ToArray() };
        try
        {
            return new NistSigningKey(_curve, ECDsa.Create(parameters), export);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    public byte[] Sign(PrivateKey key, ReadOnlySpan<byte> data)
    {
        if (key is ExternalPrivateKey external && external.KeyType == KeyType)
        {
            // The device signs the digest (CKM_ECDSA); hashing here keeps the message in this process, as any size.
            byte[] digest = _hash == HashAlgorithmName.SHA256 ? SHA256.HashData(data) : SHA384.HashData(data);
            return external.Sign(this, data, digest);
        }

        NistSigningKey signingKey = Preconditions.CheckKey<NistSigningKey>(key, KeyType, nameof(key));
        return signingKey.Ecdsa.SignData(data, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public bool Verify(PublicKey key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeyType != KeyType || signature.Length != SignatureSize || !IsInRange(signature))
        {
            return false;
        }

        (byte[] x, byte[] y) = key.GetAffineCoordinates();
        using ECDsa ecdsa = ECDsa.Create(new ECParameters { Curve = _platformCurve, Q = new ECPoint { X = x, Y = y } });
        return ecdsa.VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    // The platform also rejects these; checking here keeps the rule visible and independent of the provider.
    private bool IsInRange(ReadOnlySpan<byte> signature)
    {
        int size = _curve.FieldSize;
        System.Numerics.BigInteger r = EcCurve.ReadUnsigned(signature[..size]);
        System.Numerics.BigInteger s = EcCurve.ReadUnsigned(signature[size..]);
        return !r.IsZero && !s.IsZero && r < _curve.N && s < _curve.N;
    }
}
