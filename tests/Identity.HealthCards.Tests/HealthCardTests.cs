using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.HealthCards.HealthCards;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.HealthCards.Tests;

[TestClass]
public sealed class HealthCardTests
{
    private static readonly HealthCardLimits s_limits = new();

    [TestMethod]
    public void Sign_ThenRead_CompactDeflatedEs256WithThumbprintKid()
    {
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var claims = HealthCard.Claims("https://issuer.example/tenants/a", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            [HealthCard.HealthCardType, "https://smarthealth.cards#immunization"], BundleMinimizer.Minimize(FhirFixtures.ImmunizationBundle()), "abc_-123");

        string jws = HealthCard.Sign(claims, key);
        var card = HealthCard.Read(jws, s_limits);

        Assert.IsTrue(card.IsSuccess, card.Error?.Detail);
        Assert.AreEqual("ES256", card.Value.Jws.Algorithm);
        Assert.AreEqual("DEF", card.Value.Jws.Header["zip"]!.GetValue<string>());
        Assert.AreEqual(JwkConverter.Thumbprint(key.PublicKey), card.Value.KeyId);
        Assert.AreEqual("https://issuer.example/tenants/a", card.Value.Issuer);
        Assert.AreEqual(1_700_000_000, card.Value.NotBefore);
        Assert.AreEqual("abc_-123", card.Value.RevocationId);
        Assert.AreEqual("4.0.1", card.Value.FhirVersion);
        Assert.IsTrue(JwsAlgorithms.Verify(card.Value.Jws, key.PublicKey).IsSuccess);
        Assert.DoesNotContain("\": ", Encoding.UTF8.GetString(RawDeflate.Inflate(card.Value.Jws.Payload, 1 << 20).Value), "the payload is minified");
    }

    [TestMethod]
    public void Read_Ed25519Signed_AlgorithmNotAllowed()
    {
        using var key = SignatureAlgorithms.Ed25519.GenerateKey();
        string jws = CompactJws.Sign(new JsonObject { ["zip"] = "DEF", ["kid"] = "k" }, RawDeflate.Compress(Claims()), key);

        Assert.AreEqual(ErrorCodes.AlgorithmNotAllowed, HealthCard.Read(jws, s_limits).Error?.Code);
    }

    [TestMethod]
    [DataRow(null, DisplayName = "no zip")]
    [DataRow("GZIP", DisplayName = "zip GZIP")]
    public void Read_WrongZip_InvalidHealthCard(string? zip)
    {
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var header = new JsonObject { ["kid"] = "k" };
        if (zip is not null)
        {
            header["zip"] = zip;
        }

        string jws = CompactJws.Sign(header, RawDeflate.Compress(Claims()), key);

        var card = HealthCard.Read(jws, s_limits);
        Assert.AreEqual(ErrorCodes.InvalidHealthCard, card.Error?.Code);
        StringAssert.Contains(card.Error!.Detail, "zip");
    }

    [TestMethod]
    [DataRow("https://issuer.example/tenants/a/", DisplayName = "trailing slash")]
    [DataRow("https://issuer.example/a?jwks=", DisplayName = "query")]
    [DataRow("https://issuer.example/a#x", DisplayName = "fragment")]
    [DataRow("https://user@issuer.example/a", DisplayName = "user info")]
    [DataRow("ftp://issuer.example/a", DisplayName = "not http(s)")]
    [DataRow("issuer.example", DisplayName = "not absolute")]
    public void Read_IssNotABaseUrl_InvalidHealthCard(string issuer)
    {
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var claims = HealthCard.Claims(issuer, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            [HealthCard.HealthCardType], BundleMinimizer.Minimize(FhirFixtures.ImmunizationBundle()), null);

        var card = HealthCard.Read(HealthCard.Sign(claims, key), s_limits);

        Assert.AreEqual(ErrorCodes.InvalidHealthCard, card.Error?.Code);
        StringAssert.Contains(card.Error!.Detail, "iss");
    }

    [TestMethod]
    public void Read_NoKid_InvalidHealthCard()
    {
        using var key = SignatureAlgorithms.P256.GenerateKey();
        string jws = CompactJws.Sign(new JsonObject { ["zip"] = "DEF" }, RawDeflate.Compress(Claims()), key);

        Assert.AreEqual(ErrorCodes.InvalidHealthCard, HealthCard.Read(jws, s_limits).Error?.Code);
    }

    [TestMethod]
    public void Read_DeflateBomb_InflateLimitExceeded()
    {
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var bomb = RawDeflate.Compress(Encoding.UTF8.GetBytes("{\"iss\":\"" + new string('a', 8 * 1024 * 1024) + "\"}"));
        string jws = CompactJws.Sign(new JsonObject { ["zip"] = "DEF", ["kid"] = "k" }, bomb, key);

        Assert.IsLessThan(s_limits.MaxJwsLength, jws.Length, "small on the wire");
        Assert.AreEqual(ErrorCodes.InflateLimitExceeded, HealthCard.Read(jws, s_limits).Error?.Code);
    }

    [TestMethod]
    public void Read_ClaimsWithoutHealthCardType_InvalidHealthCard()
    {
        using var key = SignatureAlgorithms.P256.GenerateKey();
        var claims = JsonNode.Parse(Claims())!.AsObject();
        claims["vc"]!["type"] = new JsonArray("VerifiableCredential");
        string jws = CompactJws.Sign(new JsonObject { ["zip"] = "DEF", ["kid"] = "k" }, RawDeflate.Compress(Encoding.UTF8.GetBytes(claims.ToJsonString())), key);

        Assert.AreEqual(ErrorCodes.InvalidHealthCard, HealthCard.Read(jws, s_limits).Error?.Code);
    }

    private static byte[] Claims() => Encoding.UTF8.GetBytes(HealthCard.Claims(
        "https://issuer.example", DateTimeOffset.UnixEpoch, [HealthCard.HealthCardType], FhirFixtures.ImmunizationBundle(1), null).ToJsonString());
}
