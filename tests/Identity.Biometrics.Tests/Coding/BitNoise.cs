namespace Identity.Biometrics.Tests.Coding;

/// <summary>Seeded helpers for packed bit vectors (bit i = bit i mod 8 of byte i / 8).</summary>
internal static class BitNoise
{
    public static byte[] RandomBits(Random random, int bitCount)
    {
        var bytes = new byte[(bitCount + 7) / 8];
        random.NextBytes(bytes);
        if (bitCount % 8 != 0)
        {
            bytes[^1] &= (byte)((1 << (bitCount % 8)) - 1);
        }

        return bytes;
    }

    /// <summary>Flips exactly <paramref name="count"/> distinct positions among the first <paramref name="bitCount"/> bits.</summary>
    public static byte[] FlipDistinct(Random random, ReadOnlySpan<byte> bits, int bitCount, int count)
    {
        var result = bits.ToArray();
        var positions = Enumerable.Range(0, bitCount).ToArray();
        random.Shuffle(positions);
        foreach (int p in positions.AsSpan(0, count))
        {
            result[p / 8] ^= (byte)(1 << (p % 8));
        }

        return result;
    }

    public static int Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int distance = 0;
        for (int i = 0; i < a.Length; i++)
        {
            distance += System.Numerics.BitOperations.PopCount((uint)(a[i] ^ b[i]));
        }

        return distance;
    }
}
