// References: RFC 7515 Appendix A.3 (ES256 example), https://www.rfc-editor.org/rfc/rfc7515#appendix-A.3
using System.Text;
using Identity.Credentials.Jose;
using Identity.Cryptography;

namespace Identity.Credentials.Tests.Jose;

/// <summary>The ES256/ES384 check that Microsoft.IdentityModel.Tokens does for <see cref="JwsAlgorithms"/>.</summary>
[TestClass]
public sealed class IdentityModelEcdsaTests
{
    private const string Rfc7515A3Jws = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    private const string Rfc7515A3Jwk = """{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}""";

    [TestMethod]
    [DataRow("ES256", true)]
    [DataRow("ES384", true)]
    [DataRow("EdDSA", false)]
    [DataRow("ES256K", false)]
    public void Handles_OnlyTheNistCurves(string alg, bool handled) => Assert.AreEqual(handled, IdentityModelEcdsa.Handles(alg));

    [TestMethod]
    public void Verify_Rfc7515A3_VerifiesAndAFlippedBitDoesNot()
    {
        var key = JwkConverter.FromJson(Rfc7515A3Jwk).Value;
        var jws = CompactJws.Parse(Rfc7515A3Jws).Value;
        byte[] input = Encoding.ASCII.GetBytes(jws.SigningInput.ToString());
        byte[] signature = jws.Signature.ToArray();

        Assert.IsTrue(IdentityModelEcdsa.Verify(key, "ES256", input, signature));
        signature[^1] ^= 1;
        Assert.IsFalse(IdentityModelEcdsa.Verify(key, "ES256", input, signature));
    }

    [TestMethod]
    [DataRow("P-256")]
    [DataRow("P-384")]
    public void Verify_SignedByOurAlgorithm_AgreesAndRefusesOtherKeysAndEncodings(string name)
    {
        var algorithm = SignatureAlgorithms.All.Single(a => a.Name == name);
        using var key = JoseTestKit.Key(algorithm, 5);
        using var other = JoseTestKit.Key(algorithm, 6);
        byte[] input = "eyJhbGciOiJFUzI1NiJ9.e30"u8.ToArray();
        byte[] signature = algorithm.Sign(key, input);

        Assert.IsTrue(IdentityModelEcdsa.Verify(key.PublicKey, algorithm.JwsAlgorithm, input, signature));
        Assert.IsFalse(IdentityModelEcdsa.Verify(other.PublicKey, algorithm.JwsAlgorithm, input, signature));
        Assert.IsFalse(IdentityModelEcdsa.Verify(key.PublicKey, algorithm.JwsAlgorithm, input, signature[..^1]), "a short signature");
        Assert.IsFalse(IdentityModelEcdsa.Verify(key.PublicKey, algorithm.JwsAlgorithm, input, [.. signature, 0]), "a long signature");
        Assert.IsFalse(IdentityModelEcdsa.Verify(key.PublicKey, algorithm.JwsAlgorithm, input, ToDer(signature)), "DER is not the JWS form");
        Assert.IsFalse(IdentityModelEcdsa.Verify(key.PublicKey, algorithm.JwsAlgorithm, input, []), "an empty signature");
    }

    private static byte[] ToDer(byte[] p1363)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(p1363.AsSpan(0, p1363.Length / 2));
            writer.WriteIntegerUnsigned(p1363.AsSpan(p1363.Length / 2));
        }

        return writer.Encode();
    }
}
