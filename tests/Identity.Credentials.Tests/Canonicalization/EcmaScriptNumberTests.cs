// References: RFC 8785, JSON Canonicalization Scheme (JCS), June 2020, Appendix B — https://www.rfc-editor.org/rfc/rfc8785
//             ECMA-262 §6.1.6.1.20 Number::toString

using System.Globalization;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Canonicalization;

[TestClass]
public sealed class EcmaScriptNumberTests
{
    // RFC 8785 Appendix B, "Number Serialization Samples", transcribed from the RFC text (IEEE-754 hex → JSON).
    [TestMethod]
    [DataRow("0000000000000000", "0", DisplayName = "Zero")]
    [DataRow("8000000000000000", "0", DisplayName = "Minus zero")]
    [DataRow("0000000000000001", "5e-324", DisplayName = "Min pos number")]
    [DataRow("8000000000000001", "-5e-324", DisplayName = "Min neg number")]
    [DataRow("7fefffffffffffff", "1.7976931348623157e+308", DisplayName = "Max pos number")]
    [DataRow("ffefffffffffffff", "-1.7976931348623157e+308", DisplayName = "Max neg number")]
    [DataRow("4340000000000000", "9007199254740992", DisplayName = "Max pos int")]
    [DataRow("c340000000000000", "-9007199254740992", DisplayName = "Max neg int")]
    [DataRow("4430000000000000", "295147905179352830000", DisplayName = "~2**68")]
    [DataRow("44b52d02c7e14af5", "9.999999999999997e+22")]
    [DataRow("44b52d02c7e14af6", "1e+23")]
    [DataRow("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [DataRow("444b1ae4d6e2ef4e", "999999999999999700000")]
    [DataRow("444b1ae4d6e2ef4f", "999999999999999900000")]
    [DataRow("444b1ae4d6e2ef50", "1e+21")]
    [DataRow("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [DataRow("3eb0c6f7a0b5ed8d", "0.000001")]
    [DataRow("41b3de4355555553", "333333333.3333332")]
    [DataRow("41b3de4355555554", "333333333.33333325")]
    [DataRow("41b3de4355555555", "333333333.3333333")]
    [DataRow("41b3de4355555556", "333333333.3333334")]
    [DataRow("41b3de4355555557", "333333333.33333343")]
    [DataRow("becbf647612f3696", "-0.0000033333333333333333")]
    [DataRow("43143ff3c1cb0959", "1424953923781206.2", DisplayName = "Round to even")]
    public void Format_Rfc8785AppendixB_MatchesTable(string ieeeHex, string expected)
    {
        double value = FromHex(ieeeHex);

        Assert.AreEqual(expected, EcmaScriptNumber.Format(value));
        Assert.AreEqual(expected, Jcs.CanonicalizeToString(JsonValue.Create(value)).Value);
    }

    // Appendix B lists NaN and Infinity with no JSON representation: canonicalization must fail.
    [TestMethod]
    [DataRow("7fffffffffffffff", "NaN")]
    [DataRow("7ff0000000000000", "Infinity")]
    [DataRow("fff0000000000000", "-Infinity")]
    public void Canonicalize_Rfc8785AppendixBNonFinite_FailsUnrepresentable(string ieeeHex, string ecmaScriptText)
    {
        double value = FromHex(ieeeHex);

        Result<byte[]> result = Jcs.Canonicalize(JsonValue.Create(value));

        Assert.AreEqual(ecmaScriptText, EcmaScriptNumber.Format(value));
        Assert.IsFalse(result.IsSuccess);
        Assert.AreEqual(ErrorCodes.JcsUnrepresentable, result.Error.Code);
    }

    [TestMethod]
    [DataRow(-0d, "0")]
    [DataRow(5e-324, "5e-324")]
    [DataRow(1.7976931348623157e308, "1.7976931348623157e+308")]
    [DataRow(1e21, "1e+21")]
    [DataRow(1e20, "100000000000000000000")]
    [DataRow(0.000001, "0.000001")]
    [DataRow(1e-7, "1e-7")]
    [DataRow(123456789012345680000d, "123456789012345680000")]
    [DataRow(1.5e-7, "1.5e-7")]
    [DataRow(0.0000015, "0.0000015")]
    [DataRow(-1e21, "-1e+21")]
    [DataRow(1e300, "1e+300")]
    [DataRow(0.1, "0.1")]
    [DataRow(4.35, "4.35")]
    [DataRow(-123.456, "-123.456")]
    [DataRow(9007199254740993d, "9007199254740992")]
    [DataRow(9007199254740994d, "9007199254740994")]
    [DataRow(1e16, "10000000000000000")]
    [DataRow(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [DataRow(1.23e-18, "1.23e-18")]
    public void Format_EdgeCase_MatchesEcmaScript(double value, string expected) =>
        Assert.AreEqual(expected, EcmaScriptNumber.Format(value));

    [TestMethod]
    public void Format_SumOfTenthAndFifth_KeepsShortestRoundTripDigits() =>
        Assert.AreEqual("0.30000000000000004", EcmaScriptNumber.Format(0.1 + 0.2));

    [TestMethod]
    public void Format_RandomFiniteDoubles_RoundTrip()
    {
        var random = new Random(8785);
        for (int i = 0; i < 20_000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64(long.MinValue, long.MaxValue));
            if (!double.IsFinite(value))
            {
                continue;
            }

            string text = EcmaScriptNumber.Format(value);

            Assert.AreEqual(value == 0 ? 0d : value, double.Parse(text, CultureInfo.InvariantCulture), text);
        }
    }

    [TestMethod]
    public void TryFormat_DestinationTooSmall_ReturnsFalse()
    {
        Span<char> small = stackalloc char[5];

        bool formatted = EcmaScriptNumber.TryFormat(-0.0000033333333333333333, small, out int written);

        Assert.IsFalse(formatted);
        Assert.AreEqual(0, written);
    }

    [TestMethod]
    public void TryFormat_LongestValues_FitIn26Chars()
    {
        Span<char> buffer = stackalloc char[26];

        Assert.IsTrue(EcmaScriptNumber.TryFormat(FromHex("becbf647612f3696"), buffer, out int written));
        Assert.AreEqual("-0.0000033333333333333333", new string(buffer[..written]));
        Assert.IsTrue(EcmaScriptNumber.TryFormat(-2.2250738585072014e-308, buffer, out written));
        Assert.AreEqual("-2.2250738585072014e-308", new string(buffer[..written]));
    }

    private static double FromHex(string ieeeHex) =>
        BitConverter.UInt64BitsToDouble(ulong.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
