// References: RFC 5869 (HKDF); NIST SP 800-38A §6.5 (CTR mode, here AES-256 over explicit counter blocks);
// G. E. P. Box, M. E. Muller, "A note on the generation of random normal deviates", Ann. Math. Stat. 29(2), 1958;
// A. B. J. Teoh et al., "BioHashing", Pattern Recognition 37(11), 2004 (random projection of a biometric vector);
// biometrics.md §2b (keyed 4096 × 512 Gaussian projection; the key replaces BioHashing's user token).
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Identity.Cryptography;

namespace Identity.Biometrics.Templates;

/// <summary>
/// The secret per-record Gaussian projection R (<see cref="Rows"/> × <see cref="Columns"/>): row i is 512 standard normal
/// deviates made by Box–Muller from the AES-256-CTR keystream of counter blocks (i, 0 … 127), under the key
/// HKDF-Expand(HKDF-Extract(salt = record salt, IKM = pepper), "identity/biometrics/fcs-face-v1/projection").
/// Any single row can be produced on its own, so matching generates only the 511 selected rows.
/// </summary>
/// <remarks>
/// Deterministic for a given pepper and salt (the keystream is exact; Box–Muller uses IEEE double arithmetic, so two
/// platforms could differ in the last unit of a deviate, which moves a projection by about 1e-16 of its size).
/// The projection is secret: with R public, the selected rows would reveal the embedding's direction (biometrics.md §2b).
/// <threadsafety>Not thread-safe (one AES instance); create one per operation. <see cref="Dispose"/> wipes the key.</threadsafety>
/// </remarks>
internal sealed class KeyedProjection : IDisposable
{
    public const int Rows = 4096;
    public const int Columns = 512;

    private const int BytesPerRow = Columns * 4;
    private static readonly byte[] s_info = Encoding.ASCII.GetBytes("identity/biometrics/fcs-face-v1/projection");

    private readonly Aes _aes;
    private readonly byte[] _counters = GC.AllocateArray<byte>(BytesPerRow, pinned: true);
    private readonly byte[] _keystream = GC.AllocateArray<byte>(BytesPerRow, pinned: true);

    private KeyedProjection(Aes aes)
    {
        _aes = aes;
    }

    public static KeyedProjection Derive(SecureBuffer pepper, ReadOnlySpan<byte> salt)
    {
        byte[] key = GC.AllocateArray<byte>(32, pinned: true);
        byte[] saltCopy = salt.ToArray();
        try
        {
            pepper.Use((saltCopy, key), static (ikm, state) =>
            {
                Span<byte> prk = stackalloc byte[SHA256.HashSizeInBytes];
                HKDF.Extract(HashAlgorithmName.SHA256, ikm, state.saltCopy, prk);
                HKDF.Expand(HashAlgorithmName.SHA256, prk, state.key, s_info);
                CryptographicOperations.ZeroMemory(prk);
            });
            var aes = Aes.Create();
            aes.SetKey(key);
            return new KeyedProjection(aes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Writes row <paramref name="index"/> of R (512 deviates).</summary>
    public void Row(int index, Span<float> row)
    {
        Span<byte> counters = _counters;
        for (int block = 0; block < BytesPerRow / 16; block++)
        {
            Span<byte> counter = counters.Slice(block * 16, 16);
            BinaryPrimitives.WriteInt32LittleEndian(counter, index);
            BinaryPrimitives.WriteInt32LittleEndian(counter[4..], block);
        }

        _aes.EncryptEcb(_counters, _keystream, PaddingMode.None);
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(_keystream);
        const double scale = 1.0 / 4294967296.0;
        for (int k = 0; k < Columns; k += 2)
        {
            // u1 ∈ (0, 1] keeps the logarithm finite; u2 ∈ [0, 1).
            double u1 = (words[k] + 1.0) * scale;
            double u2 = words[k + 1] * scale;
            double radius = Math.Sqrt(-2.0 * Math.Log(u1));
            (double sin, double cos) = Math.SinCos(2.0 * Math.PI * u2);
            row[k] = (float)(radius * cos);
            row[k + 1] = (float)(radius * sin);
        }
    }

    /// <summary>r_index · x, with <paramref name="row"/> as scratch (left holding the row; the caller wipes it).</summary>
    public double Project(int index, ReadOnlySpan<float> x, Span<float> row)
    {
        Row(index, row);
        return Dot(row, x);
    }

    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = System.Numerics.Vector<float>.Zero;
        int width = System.Numerics.Vector<float>.Count;
        int i = 0;
        for (; i <= a.Length - width; i += width)
        {
            sum += new System.Numerics.Vector<float>(a[i..]) * new System.Numerics.Vector<float>(b[i..]);
        }

        double total = System.Numerics.Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    public void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_counters);
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
