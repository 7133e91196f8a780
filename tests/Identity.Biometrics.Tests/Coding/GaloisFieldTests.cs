using Identity.Biometrics.Coding;

namespace Identity.Biometrics.Tests.Coding;

[TestClass]
public sealed class GaloisFieldTests
{
    [TestMethod]
    [DataRow(4, 0x13)]
    [DataRow(9, 0x211)]
    [DataRow(11, 0x805)]
    public void Create_Degree_UsesPrimitivePolynomial(int m, int polynomial)
    {
        var field = GaloisField.Create(m);

        Assert.AreEqual(polynomial, field.PrimitivePolynomial);
        Assert.AreEqual((1 << m) - 1, field.Order);
        Assert.AreEqual(1, field.Exp(field.Order));
    }

    [TestMethod]
    [DataRow(4)]
    [DataRow(9)]
    [DataRow(11)]
    public void Log_EveryNonZeroElement_IsInverseOfExp(int m)
    {
        var field = GaloisField.Create(m);

        var seen = new HashSet<int>();
        for (int a = 1; a < field.Size; a++)
        {
            Assert.AreEqual(a, field.Exp(field.Log(a)));
            Assert.IsTrue(seen.Add(field.Log(a)));
        }
    }

    [TestMethod]
    [DataRow(9, 1)]
    [DataRow(11, 2)]
    public void Multiply_RandomElements_SatisfiesFieldAxioms(int m, int seed)
    {
        var field = GaloisField.Create(m);
        var random = new Random(seed);
        for (int trial = 0; trial < 2000; trial++)
        {
            int a = random.Next(field.Size);
            int b = random.Next(field.Size);
            int c = random.Next(field.Size);

            Assert.AreEqual(field.Multiply(a, b), field.Multiply(b, a), "commutativity");
            Assert.AreEqual(field.Multiply(field.Multiply(a, b), c), field.Multiply(a, field.Multiply(b, c)), "associativity");
            Assert.AreEqual(
                field.Add(field.Multiply(a, b), field.Multiply(a, c)), field.Multiply(a, field.Add(b, c)), "distributivity");
            Assert.AreEqual(a, field.Multiply(a, 1), "identity");
            Assert.AreEqual(0, field.Add(a, a), "characteristic 2");
            if (a != 0)
            {
                Assert.AreEqual(1, field.Multiply(a, field.Inverse(a)), "inverse");
                Assert.AreEqual(b, field.Multiply(field.Divide(b, a), a), "division");
                Assert.AreEqual(field.Inverse(a), field.Power(a, -1), "negative power");
            }
        }
    }

    [TestMethod]
    public void Multiply_Degree4_MatchesPolynomialArithmetic()
    {
        var field = GaloisField.Create(4);

        // α^4 = α + 1 under x^4 + x + 1, so α^3 · α = 0b0011 and α^3 · α^3 = α^6 = α^3 + α^2.
        Assert.AreEqual(0b0011, field.Multiply(0b1000, 0b0010));
        Assert.AreEqual(0b1100, field.Multiply(0b1000, 0b1000));
    }

    [TestMethod]
    public void Constructor_IrreducibleButNotPrimitive_Throws()
    {
        // x^4 + x^3 + x^2 + x + 1 divides x^5 − 1, so α has order 5, not 15.
        Assert.ThrowsExactly<ArgumentException>(() => new GaloisField(4, 0x1F));
    }

    [TestMethod]
    public void Constructor_WrongDegree_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new GaloisField(4, 0x211));
    }

    [TestMethod]
    public void Divide_ByZero_Throws()
    {
        var field = GaloisField.Create(9);

        Assert.ThrowsExactly<DivideByZeroException>(() => field.Divide(5, 0));
    }

    [TestMethod]
    public void Multiply_OutsideField_Throws()
    {
        var field = GaloisField.Create(9);

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => field.Multiply(512, 1));
    }
}
