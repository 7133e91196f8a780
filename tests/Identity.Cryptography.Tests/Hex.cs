namespace Identity.Cryptography.Tests;

/// <summary>Hex helpers so that vectors can be transcribed as they are printed in their specifications.</summary>
internal static class Hex
{
    public static byte[] Decode(string hex) => Convert.FromHexString(hex);

    public static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string Encode(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);
}
