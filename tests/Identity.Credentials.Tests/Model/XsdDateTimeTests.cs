using Identity.Credentials.Model;

namespace Identity.Credentials.Tests.Model;

[TestClass]
public sealed class XsdDateTimeTests
{
    [TestMethod]
    [DataRow("2023-02-26T01:02:58Z", "2023-02-26T01:02:58.0000000+00:00")]
    [DataRow("2023-02-26T01:02:58.447Z", "2023-02-26T01:02:58.4470000+00:00")]
    [DataRow("2023-02-25T19:10:39-06:00", "2023-02-25T19:10:39.0000000-06:00")]
    [DataRow("2023-02-26T01:02:58", "2023-02-26T01:02:58.0000000+00:00")] // No offset: UTC (VC DM 2.0 §4.9).
    [DataRow("2024-02-29T00:00:00Z", "2024-02-29T00:00:00.0000000+00:00")]
    [DataRow("2023-12-31T24:00:00Z", "2024-01-01T00:00:00.0000000+00:00")]
    [DataRow("4023-02-26T01:02:58.123456789+14:00", "4023-02-26T01:02:58.1234567+14:00")]
    public void TryParse_Valid_ReturnsInstant(string text, string expectedRoundTrip)
    {
        Assert.IsTrue(XsdDateTime.TryParse(text, out DateTimeOffset value));
        Assert.AreEqual(expectedRoundTrip, value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    [DataRow("2020-13-01T00:00:00Z")]
    [DataRow("2023-02-29T00:00:00Z")]
    [DataRow("2020-01-01 00:00:00Z")]
    [DataRow("2020-01-01")]
    [DataRow("2020-01-01T00:00Z")]
    [DataRow("2020-01-01T00:00:60Z")]
    [DataRow("2020-01-01T24:00:01Z")]
    [DataRow("2020-01-01T00:00:00+0100")]
    [DataRow("2020-01-01T00:00:00+15:00")]
    [DataRow("2020-01-01T00:00:00.Z")]
    [DataRow("2020-01-01T00:00:00Z\n")]
    [DataRow("0000-01-01T00:00:00Z")]
    [DataRow("Sat 25 Feb 2023 07:16:31 PM CST")]
    [DataRow("")]
    [DataRow(null)]
    public void TryParse_Invalid_ReturnsFalse(string? text) => Assert.IsFalse(XsdDateTime.TryParse(text, out _));
}
