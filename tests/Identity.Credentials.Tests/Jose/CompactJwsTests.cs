// References: RFC 7515 Appendix A.3 (ES256 example) and RFC 8037 Appendix A.1/A.4 (Ed25519 example), values
//   transcribed from the RFC text: https://www.rfc-editor.org/rfc/rfc7515#appendix-A.3 ,
//   https://www.rfc-editor.org/rfc/rfc8037#appendix-A.4
using System.Text;
using System.Text.Json.Nodes;
using Identity.Credentials.Jose;
using Identity.Cryptography;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Jose;

[TestClass]
public sealed class CompactJwsTests
{
    private const string Rfc8037Seed = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private const string Rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private const string Rfc8037Jws = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    private const string Rfc7515A3Jws = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    private const string Rfc7515A3Jwk = """{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""";

    [TestMethod]
    public void Sign_Rfc8037A4_ReproducesTheRfcTokenByteForByte()
    {
        using var key = SignatureAlgorithms.Ed25519.ImportPrivateKey(System.Buffers.Text.Base64Url.DecodeFromChars(Rfc8037Seed)).Value;
        Assert.AreEqual(Rfc8037X, System.Buffers.Text.Base64Url.EncodeToString(key.PublicKey.Bytes.Span));

        string token = CompactJws.Sign([], Encoding.ASCII.GetBytes("Example of Ed25519 signing"), key);

        Assert.AreEqual(Rfc8037Jws, token);
    }

    [TestMethod]
    public void Verify_Rfc8037A4_Verifies()
    {
        var key = JwkConverter.FromJson($$"""{"kty":"OKP","crv":"Ed25519","x":"{{Rfc8037X}}"}""").Value;
        Assert.IsTrue(JwsAlgorithms.Verify(CompactJws.Parse(Rfc8037Jws).Value, key).IsSuccess);
    }

    [TestMethod]
    public void Verify_Rfc7515A3_Es256Verifies_AndATamperedPayloadDoesNot()
    {
        var key = JwkConverter.FromJson(Rfc7515A3Jwk).Value;
        var jws = CompactJws.Parse(Rfc7515A3Jws).Value;
        Assert.IsTrue(JwsAlgorithms.Verify(jws, key).IsSuccess);
        Assert.AreEqual("joe", jws.PayloadObject()!["iss"]!.GetValue<string>());

        string tampered = Rfc7515A3Jws.Replace(".eyJpc3MiOiJqb2Ui", ".eyJpc3MiOiJqb2Ii", StringComparison.Ordinal);
        var result = JwsAlgorithms.Verify(CompactJws.Parse(tampered).Value, key);
        Assert.AreEqual(ErrorCodes.InvalidSignature, result.Error!.Code);
    }

    [TestMethod]
    [DynamicData(nameof(JoseTestKit.Algorithms), typeof(JoseTestKit))]
    public void SignThenVerify_EveryAlgorithm_RoundTripsWithItsOwnAlg(string name)
    {
        var algorithm = JoseTestKit.Algorithm(name);
        using var key = JoseTestKit.Key(algorithm, 7);
        string token = CompactJws.Sign(new JsonObject { ["typ"] = "JWT" }, "{\"a\":1}"u8, key);

        var jws = CompactJws.Parse(token).Value;

        Assert.AreEqual(algorithm.JwsAlgorithm, jws.Algorithm);
        Assert.IsTrue(JwsAlgorithms.Verify(jws, key.PublicKey).IsSuccess);
    }

    [TestMethod]
    public void Verify_AlgOfAnotherKeyType_IsAlgorithmNotAllowed()
    {
        using var p256 = JoseTestKit.Key(SignatureAlgorithms.P256, 3);
        using var k1 = JoseTestKit.Key(SignatureAlgorithms.Secp256k1, 3);
        var jws = CompactJws.Parse(CompactJws.Sign([], "x"u8, p256)).Value;

        Assert.AreEqual(ErrorCodes.AlgorithmNotAllowed, JwsAlgorithms.Verify(jws, k1.PublicKey).Error!.Code);
    }

    [TestMethod]
    [DataRow("""{"alg":"none"}""", ErrorCodes.AlgorithmNotAllowed)]
    [DataRow("""{"alg":"HS256"}""", ErrorCodes.AlgorithmNotAllowed)]
    [DataRow("""{"alg":"RS256"}""", ErrorCodes.AlgorithmNotAllowed)]
    [DataRow("""{"alg":"es256"}""", ErrorCodes.AlgorithmNotAllowed)]
    [DataRow("""{"alg":"EdDSA","crit":["exp"],"exp":1}""", ErrorCodes.UnsupportedCriticalHeader)]
    [DataRow("""{"alg":"EdDSA","crit":[]}""", ErrorCodes.UnsupportedCriticalHeader)]
    [DataRow("""{"alg":"EdDSA","alg":"EdDSA"}""", ErrorCodes.MalformedJws)]
    [DataRow("""{"typ":"JWT"}""", ErrorCodes.MalformedJws)]
    [DataRow("""{"alg":1}""", ErrorCodes.MalformedJws)]
    [DataRow("""{"alg":"EdDSA","kid":7}""", ErrorCodes.MalformedJws)]
    [DataRow("""["EdDSA"]""", ErrorCodes.MalformedJws)]
    public void Parse_BadHeader_IsRefusedWithItsCode(string header, string code)
    {
        string token = B64(header) + "." + B64("{}") + "." + B64("signature");
        Assert.AreEqual(code, CompactJws.Parse(token).Error!.Code);
    }

    [TestMethod]
    [DataRow("a.b", ErrorCodes.MalformedJws)]
    [DataRow("a.b.c.d", ErrorCodes.MalformedJws)]
    [DataRow("a.b.c.d.e", ErrorCodes.MalformedJws)] // five parts, but no JWE header: not a JWE, just not a token
    [DataRow("This is. not. a. credential. at all", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.!!.??.$$.%%", ErrorCodes.JweNotSupported)]
    [DataRow("", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJFZERTQSJ9.e30.", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJFZERTQSJ9=.e30.c2ln", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJFZERTQSJ9.e30.c2ln+", ErrorCodes.MalformedJws)]
    [DataRow("eyJhbGciOiJFZERTQSJ9.e31.c2ln", ErrorCodes.MalformedJws)]
    public void Parse_BadStructure_IsRefusedWithItsCode(string token, string code) =>
        Assert.AreEqual(code, CompactJws.Parse(token).Error!.Code);

    [TestMethod]
    [DataRow("eyJhbGciOiJFZERTQSJ9.e30.c2ln", true)]
    [DataRow("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", true)]
    [DataRow("This is. not. a. credential. at all", false)]
    [DataRow("https://example.com/a.b.c", false)]
    [DataRow("not a credential", false)]
    [DataRow("a.b.c.d", false)]
    public void IsTokenShaped_OnlyBase64urlPartsInThreeOrFive(string text, bool expected) =>
        Assert.AreEqual(expected, CompactJws.IsTokenShaped(text));

    [TestMethod]
    public void Parse_OversizedToken_IsRefusedBeforeDecoding()
    {
        string token = new string('A', CompactJws.DefaultMaxLength + 1);
        Assert.AreEqual(ErrorCodes.TokenTooLarge, CompactJws.Parse(token).Error!.Code);
        Assert.AreEqual(ErrorCodes.TokenTooLarge, CompactJws.Parse(Rfc8037Jws, maxLength: 40).Error!.Code);
    }

    private static string B64(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
