using Identity.Biometrics.Coding;

namespace Identity.Biometrics.Tests.Coding;

[TestClass]
public sealed class HadamardCodeTests
{
    [TestMethod]
    public void Encode_AnyTwoSymbolsDifferInAtLeast32Bits()
    {
        byte[][] codewords = Enumerable.Range(0, 128).Select(Codeword).ToArray();

        for (int a = 0; a < 128; a++)
        {
            for (int b = a + 1; b < 128; b++)
            {
                Assert.IsGreaterThanOrEqualTo(32, BitNoise.Distance(codewords[a], codewords[b]), $"{a} vs {b}");
            }
        }
    }

    [TestMethod]
    public void Decode_15ErrorsOr31ErasuresPlusErrorsWithinDistance_ReturnsTheSymbol()
    {
        var random = new Random(1);
        for (int symbol = 0; symbol < 128; symbol++)
        {
            byte[] codeword = Codeword(symbol);
            int erasures = random.Next(0, 32);
            int errors = (31 - erasures) / 2;
            int[] positions = Enumerable.Range(0, 64).ToArray();
            random.Shuffle(positions);
            var soft = new int[64];
            for (int x = 0; x < 64; x++)
            {
                int bit = PackedBitsGet(codeword, x);
                soft[x] = bit == 0 ? 1 : -1;
            }

            foreach (int p in positions[..erasures])
            {
                soft[p] = 0;
            }

            foreach (int p in positions[erasures..(erasures + errors)])
            {
                soft[p] = -soft[p];
            }

            int decoded = HadamardCode.Decode(soft, new int[64], out int correlation, out int margin);

            Assert.AreEqual(symbol, decoded, $"{errors} errors, {erasures} erasures");
            Assert.AreEqual(64 - erasures - (2 * errors), correlation);
            Assert.IsGreaterThan(0, margin);
        }
    }

    [TestMethod]
    public void Decode_AllErased_HasNoMargin()
    {
        HadamardCode.Decode(new int[64], new int[64], out int correlation, out int margin);

        Assert.AreEqual(0, correlation);
        Assert.AreEqual(0, margin);
    }

    private static byte[] Codeword(int symbol)
    {
        var packed = new byte[8];
        HadamardCode.Encode(symbol, packed, 0);
        return packed;
    }

    private static int PackedBitsGet(byte[] bytes, int i) => (bytes[i >> 3] >> (i & 7)) & 1;
}
