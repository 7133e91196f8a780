using Identity.Biometrics.Coding;
using Identity.Primitives;

namespace Identity.Biometrics.Tests.Coding;

public sealed partial class BchCodeTests
{
    [TestMethod]
    [DataRow(11, 439)]
    [DataRow(9, 87)]
    [DataRow(4, 3)]
    public void Decode_AtMostTErrors_ReturnsMessage(int m, int t)
    {
        var code = Code(m, t);
        var random = new Random(31 * m + t);
        for (int trial = 0; trial < 40; trial++)
        {
            // Arrange: the first trials pin the edges (0, 1, t − 1, t errors); the rest draw 0 … t at random.
            int errors = trial switch { 0 => 0, 1 => 1, 2 => t - 1, 3 => t, _ => random.Next(t + 1) };
            byte[] message = BitNoise.RandomBits(random, code.Dimension);
            byte[] received = BitNoise.FlipDistinct(random, code.Encode(message), code.Length, errors);
            var decoded = new byte[code.MessageBytes];

            // Act
            Result<int> result = code.Decode(received, decoded);

            // Assert
            Assert.IsTrue(result.IsSuccess, $"trial {trial}, {errors} errors: {result.Error}");
            Assert.AreEqual(errors, result.Value);
            CollectionAssert.AreEqual(message, decoded, $"trial {trial}, {errors} errors");
        }
    }

    [TestMethod]
    public void Decode_Length15AllPatternsOfAtMostTwoErrors_ReturnsMessage()
    {
        var code = BchCode.Create(4, 2);
        byte[] message = [0b101_1001];
        byte[] codeword = code.Encode(message);
        for (int a = -1; a < 15; a++)
        {
            for (int b = a + 1; b < 15; b++)
            {
                byte[] received = (byte[])codeword.Clone();
                if (a >= 0)
                {
                    received[a / 8] ^= (byte)(1 << (a % 8));
                }

                received[b / 8] ^= (byte)(1 << (b % 8));

                Result<byte[]> result = code.Decode(received);

                Assert.IsTrue(result.IsSuccess);
                CollectionAssert.AreEqual(message, result.Value);
            }
        }
    }

    [TestMethod]
    [DataRow(11, 439)]
    [DataRow(9, 87)]
    [DataRow(4, 2)]
    [DataRow(4, 3)]
    public void Decode_MoreThanTErrors_FailsOrReturnsCodewordWithinT(int m, int t)
    {
        var code = Code(m, t);
        var random = new Random(17 * m + t);
        int failures = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            int errors = Math.Min(code.Length, t + 1 + random.Next(Math.Max(1, t / 2)));
            byte[] message = BitNoise.RandomBits(random, code.Dimension);
            byte[] received = BitNoise.FlipDistinct(random, code.Encode(message), code.Length, errors);

            Result<byte[]> result = code.Decode(received);

            if (!result.IsSuccess)
            {
                Assert.AreEqual(ErrorCodes.UncorrectableErrors, result.Error.Code);
                failures++;
                continue;
            }

            // A mis-correction is allowed only to another codeword within distance t of what was received.
            byte[] corrected = code.Encode(result.Value);
            Assert.IsTrue(code.IsCodeword(corrected));
            Assert.IsTrue(BitNoise.Distance(corrected, received) <= t, $"trial {trial}: corrected word is not within t");
            CollectionAssert.AreNotEqual(message, result.Value);
        }

        if (m > 4)
        {
            Assert.AreEqual(40, failures, "large BCH codes almost never mis-correct");
        }
    }

    [TestMethod]
    public void Decode_RandomWords_NeverReturnsANonCodeword()
    {
        var code = BchCode.Create(5, 3);
        var random = new Random(5);
        for (int trial = 0; trial < 500; trial++)
        {
            byte[] received = BitNoise.RandomBits(random, code.Length);

            Result<byte[]> result = code.Decode(received);

            if (result.IsSuccess)
            {
                Assert.IsTrue(BitNoise.Distance(code.Encode(result.Value), received) <= code.CorrectableErrors);
            }
        }
    }

    [TestMethod]
    public void Decode_Failure_ClearsMessage()
    {
        var code = s_face.Value;
        var random = new Random(3);
        byte[] received = BitNoise.FlipDistinct(random, code.Encode(BitNoise.RandomBits(random, code.Dimension)), code.Length, 200);
        var message = new byte[code.MessageBytes];
        message.AsSpan().Fill(0xFF);

        Result<int> result = code.Decode(received, message);

        Assert.IsFalse(result.IsSuccess);
        Assert.IsTrue(message.All(b => b == 0));
    }

    [TestMethod]
    public void Decode_PaddingBitsSet_AreIgnored()
    {
        var code = s_iris.Value;
        var random = new Random(11);
        byte[] message = BitNoise.RandomBits(random, code.Dimension);
        byte[] received = code.Encode(message);
        received[^1] |= 0x80;

        Result<byte[]> result = code.Decode(received);

        Assert.IsTrue(result.IsSuccess);
        CollectionAssert.AreEqual(message, result.Value);
    }

    [TestMethod]
    public void Decode_WrongLength_Throws()
    {
        var code = s_face.Value;

        Assert.ThrowsExactly<ArgumentException>(() => code.Decode(new byte[code.CodewordBytes - 1]));
    }
}
