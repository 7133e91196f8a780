using Identity.Biometrics.Coding;
using Identity.Primitives;

namespace Identity.Biometrics.Tests.Coding;

[TestClass]
public sealed class ReedSolomonCodeTests
{
    private static readonly ReedSolomonCode s_code = new(GaloisField.Create(7), 32, 16);

    [TestMethod]
    public void Decode_EveryMixOfErrorsAndErasuresWithinTheBound_ReturnsTheMessage()
    {
        var random = new Random(1);
        for (int trial = 0; trial < 2000; trial++)
        {
            int[] message = RandomMessage(random);
            int[] codeword = new int[32];
            s_code.Encode(message, codeword);
            int erasures = random.Next(0, 17);
            int errors = random.Next(0, ((16 - erasures) / 2) + 1);
            (int[] received, bool[] erased) = Corrupt(random, codeword, errors, erasures);

            var decoded = new int[16];
            Result<int> result = s_code.Decode(received, erased, decoded);

            Assert.IsTrue(result.IsSuccess, $"{errors} errors, {erasures} erasures");
            CollectionAssert.AreEqual(message, decoded);
            Assert.AreEqual(errors + erasures, result.Value, "symbols changed");
        }
    }

    [TestMethod]
    public void Decode_BeyondTheBound_FailsOrReturnsAnotherCodewordWithinIt()
    {
        var random = new Random(2);
        int failures = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            int[] message = RandomMessage(random);
            int[] codeword = new int[32];
            s_code.Encode(message, codeword);
            int erasures = random.Next(0, 9);
            int errors = ((16 - erasures) / 2) + 1 + random.Next(0, 6);
            (int[] received, bool[] erased) = Corrupt(random, codeword, errors, erasures);

            var decoded = new int[16];
            Result<int> result = s_code.Decode(received, erased, decoded);

            if (!result.IsSuccess)
            {
                failures++;
                Assert.AreEqual(ErrorCodes.UncorrectableErrors, result.Error!.Code);
                CollectionAssert.AreEqual(new int[16], decoded);
                continue;
            }

            // A mis-correction: a different codeword, within the bound of the received word.
            CollectionAssert.AreNotEqual(message, decoded);
            int[] other = new int[32];
            s_code.Encode(decoded, other);
            int distance = Enumerable.Range(0, 32).Count(i => !erased[i] && other[i] != received[i]);
            Assert.IsLessThanOrEqualTo(16, (2 * distance) + erasures);
        }

        Assert.IsGreaterThan(1990, failures, "mis-corrections of RS(32, 16) beyond the bound are rare");
    }

    [TestMethod]
    public void Decode_MoreErasuresThanRedundancy_Fails()
    {
        int[] codeword = new int[32];
        s_code.Encode(RandomMessage(new Random(3)), codeword);
        bool[] erased = Enumerable.Range(0, 32).Select(i => i < 17).ToArray();

        Assert.AreEqual(ErrorCodes.UncorrectableErrors, s_code.Decode(codeword, erased, new int[16]).Error?.Code);
    }

    [TestMethod]
    public void Encode_IsSystematicAndLinear()
    {
        var random = new Random(4);
        int[] a = RandomMessage(random);
        int[] b = RandomMessage(random);
        int[] ca = new int[32];
        int[] cb = new int[32];
        int[] cab = new int[32];
        s_code.Encode(a, ca);
        s_code.Encode(b, cb);
        s_code.Encode(a.Zip(b, (x, y) => x ^ y).ToArray(), cab);

        CollectionAssert.AreEqual(a, ca[16..]);
        CollectionAssert.AreEqual(ca.Zip(cb, (x, y) => x ^ y).ToArray(), cab);
        Assert.AreEqual(0, s_code.Decode(ca, new bool[32], new int[16]).Value);
    }

    [TestMethod]
    public void Constructor_OutOfRange_Throws()
    {
        GaloisField field = GaloisField.Create(7);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ReedSolomonCode(field, 128, 16));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new ReedSolomonCode(field, 32, 32));
        Assert.ThrowsExactly<ArgumentException>(() => s_code.Encode(new int[15], new int[32]));
        Assert.ThrowsExactly<ArgumentException>(() => s_code.Encode(Enumerable.Repeat(128, 16).ToArray(), new int[32]));
    }

    private static int[] RandomMessage(Random random) => Enumerable.Range(0, 16).Select(_ => random.Next(128)).ToArray();

    // Distinct positions: the first `erasures` become erasures (value scrambled too), the next `errors` get a wrong value.
    private static (int[] Received, bool[] Erased) Corrupt(Random random, int[] codeword, int errors, int erasures)
    {
        int[] positions = Enumerable.Range(0, 32).ToArray();
        random.Shuffle(positions);
        int[] received = (int[])codeword.Clone();
        var erased = new bool[32];
        for (int k = 0; k < erasures + errors && k < 32; k++)
        {
            int p = positions[k];
            received[p] ^= 1 + random.Next(127);
            erased[p] = k < erasures;
        }

        return (received, erased);
    }
}
