namespace Identity.Sodium.Tests;

[TestClass]
public sealed class ConstantTimeTests
{
    [TestMethod]
    [DataRow("", "", true)]
    [DataRow("00", "00", true)]
    [DataRow("00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeeff", true)]
    [DataRow("00112233445566778899aabbccddeeff", "00112233445566778899aabbccddeefe", false)]
    [DataRow("80", "00", false)]
    [DataRow("0011", "00", false)]
    [DataRow("", "00", false)]
    public void Equals_TwoSpans_ComparesContentsAndLength(string left, string right, bool expected)
    {
        Assert.AreEqual(expected, ConstantTime.Equals(Convert.FromHexString(left), Convert.FromHexString(right)));
    }
}
