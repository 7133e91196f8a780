// Bench-only copy of the removed Portable.BouncyCastle 1.8.10 secp256k1 code (src/Identity.Cryptography
// Secp256k1Ecdsa.cs and Secp256k1Recovery.cs before the Nethereum move), so before and after run in one BenchmarkDotNet
// run. Portable.BouncyCastle is referenced by the bench project only, under the extern alias PortableBC (its namespaces
// collide with BouncyCastle.Cryptography's, which Nethereum brings).
extern alias PortableBC;

using PortableBC::Org.BouncyCastle.Asn1.X9;
using PortableBC::Org.BouncyCastle.Crypto.EC;
using PortableBC::Org.BouncyCastle.Crypto.Parameters;
using PortableBC::Org.BouncyCastle.Crypto.Signers;
using PortableBC::Org.BouncyCastle.Math.EC;
using BcBigInteger = PortableBC::Org.BouncyCastle.Math.BigInteger;

namespace Identity.Benchmarks.Baselines;

internal static class PortableBouncyCastleSecp256k1
{
    private static readonly ECDomainParameters s_domain = CreateDomain();
    private static readonly BcBigInteger s_halfN = s_domain.N.ShiftRight(1);

    /// <summary>The old VerifyHash: range and low-s checks, then ECDsaSigner over a freshly decoded point.</summary>
    public static bool VerifyHash(byte[] compressedKey, ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (!TryRead(signature, out BcBigInteger? r, out BcBigInteger? s))
        {
            return false;
        }

        var signer = new ECDsaSigner();
        signer.Init(forSigning: false, new ECPublicKeyParameters(s_domain.Curve.DecodePoint(compressedKey), s_domain));
        return signer.VerifySignature(hash.ToArray(), r, s);
    }

    /// <summary>The old Recover (SEC 1 §4.1.6): returns the compressed key, or null.</summary>
    public static byte[]? Recover(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, int recoveryId)
    {
        if (!TryRead(signature, out BcBigInteger? r, out BcBigInteger? s))
        {
            return null;
        }

        BcBigInteger x = (recoveryId & 2) == 0 ? r : r.Add(s_domain.N);
        byte[] encodedR = new byte[33];
        encodedR[0] = (recoveryId & 1) == 0 ? (byte)0x02 : (byte)0x03;
        byte[] xBytes = x.ToByteArrayUnsigned();
        xBytes.CopyTo(encodedR, 33 - xBytes.Length);
        ECPoint bigR = s_domain.Curve.DecodePoint(encodedR);
        BcBigInteger e = new(1, hash.ToArray());
        BcBigInteger rInverse = r.ModInverse(s_domain.N);
        BcBigInteger u1 = e.Negate().Multiply(rInverse).Mod(s_domain.N);
        BcBigInteger u2 = s.Multiply(rInverse).Mod(s_domain.N);
        ECPoint q = ECAlgorithms.SumOfTwoMultiplies(s_domain.G, u1, bigR, u2);
        return q.IsInfinity ? null : q.Normalize().GetEncoded(compressed: true);
    }

    private static bool TryRead(
        ReadOnlySpan<byte> signature,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BcBigInteger? r,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out BcBigInteger? s)
    {
        r = new BcBigInteger(1, signature[..32].ToArray());
        s = new BcBigInteger(1, signature[32..].ToArray());
        return signature.Length == 64 && r.SignValue > 0 && r.CompareTo(s_domain.N) < 0 && s.SignValue > 0 && s.CompareTo(s_halfN) <= 0;
    }

    private static ECDomainParameters CreateDomain()
    {
        X9ECParameters x9 = CustomNamedCurves.GetByName("secp256k1");
        return new ECDomainParameters(x9.Curve, x9.G, x9.N, x9.H);
    }
}
