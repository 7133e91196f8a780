namespace Identity.Biometrics.Coding;

/// <summary>
/// The bit order every packed vector in this assembly uses: bit i is bit (i mod 8) of byte i / 8, least-significant
/// bit first. A vector of n bits takes ⌈n / 8⌉ bytes; the unused high bits of the last byte are padding.
/// </summary>
internal static class PackedBits
{
    internal static int ByteCount(int bitCount) => (bitCount + 7) >> 3;

    internal static int Get(ReadOnlySpan<byte> bytes, int index) => (bytes[index >> 3] >> (index & 7)) & 1;

    internal static void Flip(Span<byte> bytes, int index) => bytes[index >> 3] ^= (byte)(1 << (index & 7));

    internal static void Set(Span<byte> bytes, int index, int bit)
    {
        int mask = 1 << (index & 7);
        bytes[index >> 3] = (byte)(bit != 0 ? bytes[index >> 3] | mask : bytes[index >> 3] & ~mask);
    }

    /// <summary>Whether any bit at or above <paramref name="bitCount"/> is set in the last byte.</summary>
    internal static bool HasPaddingBits(ReadOnlySpan<byte> bytes, int bitCount)
    {
        int used = bitCount & 7;
        return used != 0 && (bytes[^1] >> used) != 0;
    }
}
