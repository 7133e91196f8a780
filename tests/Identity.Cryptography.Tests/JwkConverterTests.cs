using Microsoft.IdentityModel.Tokens;

namespace Identity.Cryptography.Tests;

/// <summary>
/// JWK conversion: RFC 8037 Appendix A (Ed25519 key A.1, thumbprint A.3, signature A.4), RFC 7638 thumbprints
/// cross-checked against Microsoft.IdentityModel for EC keys, and strict rejection of malformed JWKs.
/// </summary>
[TestClass]
public sealed class JwkConverterTests
{
    private const string Rfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    private const string Rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

    private static readonly string s_p256X = Base64UrlOf(PublicKeyTestsP256().X);
    private static readonly string s_p256Y = Base64UrlOf(PublicKeyTestsP256().Y);

    public static IEnumerable<object[]> MalformedJwks =>
    [
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}", ErrorCodes.InvalidJwk, "missing x"],
        ["{\"kty\":\"OKP\",\"x\":\"" + Rfc8037X + "\"}", ErrorCodes.InvalidJwk, "missing crv"],
        ["{\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\"}", ErrorCodes.InvalidJwk, "missing kty"],
        ["{\"kty\":\"EC\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\"}", ErrorCodes.InvalidJwk, "crv of another kty"],
        ["{\"kty\":\"OKP\",\"crv\":\"P-256\",\"x\":\"" + s_p256X + "\",\"y\":\"" + s_p256Y + "\"}", ErrorCodes.InvalidJwk, "EC crv under OKP"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\",\"d\":\"" + Rfc8037D + "\"}", ErrorCodes.InvalidJwk, "private d"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\",\"y\":\"" + Rfc8037X + "\"}", ErrorCodes.InvalidJwk, "y on OKP"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "=\"}", ErrorCodes.InvalidJwk, "padded base64url"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X.Replace('_', '/') + "\"}", ErrorCodes.InvalidJwk, "standard base64 alphabet"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp\"}", ErrorCodes.InvalidJwk, "non-zero trailing bits"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":42}", ErrorCodes.InvalidJwk, "x not a string"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\",\"x\":\"" + Rfc8037X + "\"}", ErrorCodes.InvalidJwk, "duplicate member"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}", ErrorCodes.InvalidPublicKeyLength, "x of 3 bytes"],
        ["{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + s_p256X + "\"}", ErrorCodes.InvalidJwk, "missing y"],
        ["{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + s_p256X + "\",\"y\":\"" + s_p256X + "\"}", ErrorCodes.InvalidPublicKey, "point not on curve"],
        ["{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + s_p256X[..^3] + "\",\"y\":\"" + s_p256Y + "\"}", ErrorCodes.InvalidPublicKeyLength, "short x"],
        ["{\"kty\":\"EC\",\"crv\":\"P-521\",\"x\":\"AA\",\"y\":\"AA\"}", ErrorCodes.UnsupportedPublicKeyType, "P-521"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"x\":\"AA\"}", ErrorCodes.UnsupportedPublicKeyType, "Ed448"],
        ["{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", ErrorCodes.UnsupportedPublicKeyType, "RSA"],
        ["{\"kty\":\"oct\",\"k\":\"AQAB\"}", ErrorCodes.InvalidJwk, "a symmetric key is secret"],
        ["{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\"", ErrorCodes.InvalidJson, "truncated JSON"],
        ["[{\"kty\":\"OKP\"}]", ErrorCodes.InvalidJson, "array"],
        ["\"Ed25519\"", ErrorCodes.InvalidJson, "string"],
    ];

    [TestMethod]
    public void Thumbprint_Rfc8037AppendixA3_ReturnsPublishedValue()
    {
        PublicKey key = JwkConverter.FromJson("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\"}").Value;

        Assert.AreEqual("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", JwkConverter.Thumbprint(key));
    }

    [TestMethod]
    public void ImportPrivateKey_Rfc8037AppendixA1_DerivesPublishedX()
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(Multibase.Decode("u" + Rfc8037D).Value).Value;

        Assert.AreEqual(Rfc8037X, JwkConverter.ToJwk(key.PublicKey).X);
    }

    [TestMethod]
    public void Sign_Rfc8037AppendixA4_ReturnsPublishedSignature()
    {
        using PrivateKey key = SignatureAlgorithms.Ed25519.ImportPrivateKey(Multibase.Decode("u" + Rfc8037D).Value).Value;
        byte[] signingInput = Encoding.ASCII.GetBytes("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");

        byte[] signature = SignatureAlgorithms.Ed25519.Sign(key, signingInput);

        Assert.AreEqual(
            "uhgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
            Multibase.Encode(MultibaseEncoding.Base64Url, signature));
        Assert.IsTrue(SignatureAlgorithms.Ed25519.Verify(key.PublicKey, signingInput, signature));
    }

    [TestMethod]
    [DynamicData(nameof(Registry.KeyTypes), typeof(Registry))]
    public void FromJwkAndFromJson_ExportedKey_RoundTrip(KeyType type)
    {
        PublicKey key = Registry.NewPublicKey(type);

        Assert.AreEqual(key, JwkConverter.FromJwk(JwkConverter.ToJwk(key)).Value);
        Assert.AreEqual(key, JwkConverter.FromJson(JwkConverter.ToJson(key)).Value);
    }

    [TestMethod]
    [DynamicData(nameof(Registry.KeyTypes), typeof(Registry))]
    public void ToJson_AnyKey_IsMinimalAndLexicographic(KeyType type)
    {
        PublicKey key = Registry.NewPublicKey(type);
        JsonWebKey jwk = JwkConverter.ToJwk(key);

        string json = JwkConverter.ToJson(key);

        string expected = key.IsEcKey
            ? $"{{\"crv\":\"{jwk.Crv}\",\"kty\":\"EC\",\"x\":\"{jwk.X}\",\"y\":\"{jwk.Y}\"}}"
            : $"{{\"crv\":\"{jwk.Crv}\",\"kty\":\"OKP\",\"x\":\"{jwk.X}\"}}";
        Assert.AreEqual(expected, json);
        Assert.IsNull(jwk.D);
    }

    [TestMethod]
    [DataRow(KeyType.P256)]
    [DataRow(KeyType.P384)]
    [DataRow(KeyType.Secp256k1)]
    public void Thumbprint_EcKey_MatchesIdentityModel(KeyType type)
    {
        PublicKey key = Registry.NewPublicKey(type);

        byte[] theirs = JwkConverter.ToJwk(key).ComputeJwkThumbprint();

        Assert.AreEqual(Base64UrlOf(theirs), JwkConverter.Thumbprint(key));
    }

    [TestMethod]
    [DynamicData(nameof(MalformedJwks))]
    public void FromJson_MalformedJwk_ReturnsError(string json, string code, string because)
    {
        Assert.AreEqual(code, JwkConverter.FromJson(json).Error?.Code, because);
    }

    [TestMethod]
    public void FromJwk_PrivateMemberSet_ReturnsInvalidJwk()
    {
        JsonWebKey jwk = JwkConverter.ToJwk(Registry.NewPublicKey(KeyType.Ed25519));
        jwk.D = Rfc8037D;

        Assert.AreEqual(ErrorCodes.InvalidJwk, JwkConverter.FromJwk(jwk).Error?.Code);
    }

    [TestMethod]
    public void FromJwk_MissingMembers_ReturnsInvalidJwk()
    {
        Assert.AreEqual(ErrorCodes.InvalidJwk, JwkConverter.FromJwk(new JsonWebKey()).Error?.Code);
        Assert.AreEqual(ErrorCodes.InvalidJwk, JwkConverter.FromJwk(new JsonWebKey { Kty = "EC", Crv = "P-256", X = s_p256X }).Error?.Code);
    }

    [TestMethod]
    public void FromJson_ExtraPublicMembers_AreIgnored()
    {
        string json = "{\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"EdDSA\",\"key_ops\":[\"verify\"],\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Rfc8037X + "\"}";

        Assert.AreEqual(Rfc8037X, JwkConverter.ToJwk(JwkConverter.FromJson(json).Value).X);
    }

    private static (byte[] X, byte[] Y) PublicKeyTestsP256()
    {
        using PrivateKey key = SignatureAlgorithms.P256.ImportPrivateKey(Hex.Decode(
            "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")).Value;
        return key.PublicKey.GetAffineCoordinates();
    }

    private static string Base64UrlOf(byte[] bytes) => Multibase.Encode(MultibaseEncoding.Base64Url, bytes)[1..];
}
