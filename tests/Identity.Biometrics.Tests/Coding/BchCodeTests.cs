using Identity.Biometrics.Coding;

namespace Identity.Biometrics.Tests.Coding;

[TestClass]
public sealed partial class BchCodeTests
{
    // Codes built once per test run: the large ones take a few milliseconds each.
    private static readonly Lazy<BchCode> s_iris = new(() => BchCode.Create(11, 439));
    private static readonly Lazy<BchCode> s_face = new(() => BchCode.Create(9, 87));

    private static BchCode Code(int m, int t) => (m, t) switch
    {
        (11, 439) => s_iris.Value,
        (9, 87) => s_face.Value,
        _ => BchCode.Create(m, t),
    };

    [TestMethod]
    [DataRow(2, new[] { 0, 4, 6, 7, 8 })]
    [DataRow(3, new[] { 0, 1, 2, 4, 5, 8, 10 })]
    public void Generator_Length15_MatchesTextbook(int t, int[] exponents)
    {
        // Lin & Costello, BCH(15,7,t=2): x^8+x^7+x^6+x^4+1 and BCH(15,5,t=3): x^10+x^8+x^5+x^4+x^2+x+1, over x^4+x+1.
        var code = BchCode.Create(4, t);

        var actual = Enumerable.Range(0, code.Generator.Length).Where(i => code.Generator[i] == 1).ToArray();
        CollectionAssert.AreEqual(exponents, actual);
        Assert.AreEqual(15 - exponents[^1], code.Dimension);
    }

    [TestMethod]
    [DataRow(11, 439, 67)]
    [DataRow(11, 365, 133)]
    [DataRow(11, 341, 199)]
    [DataRow(9, 87, 67)]
    [DataRow(9, 63, 85)]
    public void Dimension_BiometricsParameters_MatchesCyclotomicCosets(int m, int t, int k)
    {
        var code = Code(m, t);

        Assert.AreEqual((1 << m) - 1, code.Length);
        Assert.AreEqual(k, code.Dimension);
        Assert.AreEqual(code.Length - k, code.ParityBits);
        Assert.AreEqual(t, code.CorrectableErrors);
    }

    [TestMethod]
    [DataRow(4, 2)]
    [DataRow(4, 3)]
    [DataRow(9, 87)]
    [DataRow(11, 439)]
    public void Encode_RandomMessages_GeneratorDividesCodewordAndMessageIsSystematic(int m, int t)
    {
        var code = Code(m, t);
        var random = new Random(m * 1000 + t);
        for (int trial = 0; trial < 20; trial++)
        {
            byte[] message = BitNoise.RandomBits(random, code.Dimension);

            byte[] codeword = code.Encode(message);

            Assert.IsTrue(code.IsCodeword(codeword));
            for (int j = 0; j < code.Dimension; j++)
            {
                int i = code.ParityBits + j;
                Assert.AreEqual((message[j / 8] >> (j % 8)) & 1, (codeword[i / 8] >> (i % 8)) & 1);
            }
        }
    }

    [TestMethod]
    public void Encode_Length15_EqualsMessageTimesXToTheParityPlusRemainder()
    {
        var code = BchCode.Create(4, 2);

        // m(x) = 1 ⇒ c(x) = x^8 + (x^8 mod g) = x^8 + x^7 + x^6 + x^4 + 1 = g(x) itself.
        byte[] codeword = code.Encode([0b0000_0001]);

        Assert.AreEqual(0b1101_0001, codeword[0]);
        Assert.AreEqual(0b0000_0001, codeword[1]);
    }

    [TestMethod]
    public void IsCodeword_SingleBitFlipped_ReturnsFalse()
    {
        var code = s_face.Value;
        byte[] codeword = code.Encode(BitNoise.RandomBits(new Random(7), code.Dimension));

        codeword[3] ^= 0x10;

        Assert.IsFalse(code.IsCodeword(codeword));
    }

    [TestMethod]
    public void Encode_MessagePaddingBitSet_Throws()
    {
        var code = s_face.Value;
        var message = new byte[code.MessageBytes];
        message[^1] = 0x80;

        Assert.ThrowsExactly<ArgumentException>(() => code.Encode(message));
    }

    [TestMethod]
    public void Encode_WrongMessageLength_Throws()
    {
        var code = s_face.Value;

        Assert.ThrowsExactly<ArgumentException>(() => code.Encode(new byte[code.MessageBytes + 1]));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(8)]
    public void Create_TOutOfRange_Throws(int t)
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BchCode.Create(4, t));
    }
}
