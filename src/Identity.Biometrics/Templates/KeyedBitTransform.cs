// References: RFC 5869 "HMAC-based Extract-and-Expand Key Derivation Function (HKDF)", May 2010,
// https://www.rfc-editor.org/rfc/rfc5869 ; biometrics.md §2 (secret pepper-keyed transform, after Tams 2014).
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Identity.Biometrics.Coding;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>
/// The secret per-record transform π(w)[i] = w[σ(i)] ⊕ p[i]: a bit permutation σ and a pad p, both expanded with
/// HKDF-SHA256 from PRK = HKDF-Extract(salt = record salt, IKM = pepper). Without the pepper, two records of the same
/// template cannot be related, and a new salt gives a new, unrelated transform (renewability).
/// </summary>
/// <remarks><threadsafety>Immutable after construction until disposed; <see cref="Dispose"/> wipes the key material.</threadsafety></remarks>
internal sealed class KeyedBitTransform : IDisposable
{
    private static readonly byte[] s_permutationInfo = Encoding.ASCII.GetBytes("identity/biometrics/fcs-v1/permutation/");
    private static readonly byte[] s_padInfo = Encoding.ASCII.GetBytes("identity/biometrics/fcs-v1/pad");

    private readonly int[] _permutation;
    private readonly byte[] _pad;

    private KeyedBitTransform(int[] permutation, byte[] pad)
    {
        _permutation = permutation;
        _pad = pad;
    }

    public static KeyedBitTransform Derive(SecureBuffer pepper, byte[] salt, int bitCount)
    {
        byte[] prk = pepper.Use(salt, static (ikm, s) =>
        {
            var key = new byte[SHA256.HashSizeInBytes];
            HKDF.Extract(HashAlgorithmName.SHA256, ikm, s, key);
            return key;
        });
        try
        {
            var pad = new byte[PackedBits.ByteCount(bitCount)];
            HKDF.Expand(HashAlgorithmName.SHA256, prk, pad, s_padInfo);
            return new KeyedBitTransform(DerivePermutation(prk, bitCount), pad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

    /// <summary>Writes π(<paramref name="bits"/>); both spans hold the transform's bit count.</summary>
    public void Apply(ReadOnlySpan<byte> bits, Span<byte> output)
    {
        output.Clear();
        for (int i = 0; i < _permutation.Length; i++)
        {
            PackedBits.Set(output, i, PackedBits.Get(bits, _permutation[i]) ^ PackedBits.Get(_pad, i));
        }
    }

    /// <summary>
    /// Moves one value per position through the permutation alone, without the pad: output[i] = values[σ(i)]. The
    /// erasure-aware scheme uses it for masks and reliability weights, which must land where their bits land.
    /// </summary>
    public void PermuteValues(ReadOnlySpan<byte> values, Span<byte> output)
    {
        for (int i = 0; i < _permutation.Length; i++)
        {
            output[i] = values[_permutation[i]];
        }
    }

    public void Dispose()
    {
        Array.Clear(_permutation);
        CryptographicOperations.ZeroMemory(_pad);
    }

    // Fisher–Yates driven by 16-bit HKDF outputs, rejection-sampled so that every permutation is equally likely.
    private static int[] DerivePermutation(byte[] prk, int bitCount)
    {
        var permutation = new int[bitCount];
        for (int i = 0; i < bitCount; i++)
        {
            permutation[i] = i;
        }

        var block = new byte[255 * SHA256.HashSizeInBytes];
        var info = new byte[s_permutationInfo.Length + 1];
        s_permutationInfo.CopyTo(info, 0);
        int offset = block.Length;
        try
        {
            for (int i = bitCount - 1; i > 0; i--)
            {
                int bound = i + 1;
                int limit = 65536 - (65536 % bound);
                int value;
                do
                {
                    if (offset == block.Length)
                    {
                        // Each refill uses a fresh info counter; more than one block is already improbable.
                        HKDF.Expand(HashAlgorithmName.SHA256, prk, block, info);
                        info[^1]++;
                        offset = 0;
                    }

                    value = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(offset));
                    offset += 2;
                }
                while (value >= limit);

                (permutation[i], permutation[value % bound]) = (permutation[value % bound], permutation[i]);
            }

            return permutation;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(block);
        }
    }
}
