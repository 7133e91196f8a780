using Identity.Cryptography;
using Identity.Dids;
using Identity.Primitives;
using Identity.Testing;

namespace Identity.DidMethods.Key.Tests;

[TestClass]
public sealed partial class DidKeyMethodTests : DidMethodContractTests
{
    protected override IDidMethod Method { get; } = new DidKeyMethod();

    protected override IReadOnlyList<KeyType> SupportedKeyTypes { get; } =
        [KeyType.Ed25519, KeyType.X25519, KeyType.P256, KeyType.P384, KeyType.Secp256k1];

    protected override IReadOnlyList<string> MalformedDids { get; } =
    [
        "did:key:6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",     // no multibase prefix
        "did:key:uZWQBO2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik",     // base64url, not base58btc
        "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0",    // '0' is not a base58 character
        "did:key:z",                                                   // nothing after the prefix
        "did:key:z6Mk:iTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",   // a colon inside
        "did:key:z6Mk%20",                                             // percent-encoded junk
    ];

    protected override Did CreateDid(PublicKey key) => DidKeyMethod.CreateDid(key);

    [TestMethod]
    public void CreateDid_ZeroSeedEd25519_MatchesPublishedDid()
    {
        // dependencies.md / did:key spec: the all-zero Ed25519 seed.
        var algorithm = SignatureAlgorithms.Ed25519;
        using var key = algorithm.ImportPrivateKey(new byte[32]).Value;

        var did = DidKeyMethod.CreateDid(key.PublicKey);

        Assert.AreEqual("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", did.Value);
    }

    [TestMethod]
    [DataRow("did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F", KeyType.X25519)]
    public async Task Resolve_X25519Key_OnlyKeyAgreement(string did, KeyType expected)
    {
        var result = await Method.ResolveAsync(Did.Parse(did).Value, DidResolutionOptions.Default);

        Assert.IsTrue(result.IsSuccess, result.Error?.ToString());
        var document = result.Document!;
        Assert.AreEqual(expected, document.VerificationMethod.Single().GetPublicKey().Value.KeyType);
        Assert.AreEqual(1, document.KeyAgreement.Length);
        Assert.AreEqual(0, document.AssertionMethod.Length);
        Assert.AreEqual(0, document.Authentication.Length);
    }

    [TestMethod]
    public async Task Resolve_WrongKeyLength_ReturnsInvalidPublicKeyLength()
    {
        // ed25519-pub multicodec (0xed 0x01) followed by 31 bytes instead of 32.
        var prefixed = Multicodec.Prefix(Multicodec.Ed25519Pub, new byte[31]);
        var did = "did:key:" + Multibase.Encode(MultibaseEncoding.Base58Btc, prefixed);

        var result = await new DidResolver([Method]).ResolveAsync(did);

        Assert.AreEqual(ErrorCodes.InvalidPublicKeyLength, result.Error?.Code, result.Error?.Detail);
    }

    [TestMethod]
    public async Task Resolve_UnknownMulticodec_ReturnsUnsupportedPublicKeyType()
    {
        // 0x1202 is p521-pub, which we do not support.
        var prefixed = Multicodec.Prefix(0x1202, new byte[67]);
        var did = "did:key:" + Multibase.Encode(MultibaseEncoding.Base58Btc, prefixed);

        var result = await new DidResolver([Method]).ResolveAsync(did);

        Assert.AreEqual(ErrorCodes.UnsupportedPublicKeyType, result.Error?.Code, result.Error?.Detail);
    }

    [TestMethod]
    public async Task Resolve_PointNotOnCurve_ReturnsInvalidPublicKey()
    {
        // A compressed P-256 point whose x has no square root on the curve (x = 5 works: 5^3 - 15 + b is a non-residue).
        var bytes = new byte[33];
        bytes[0] = 0x02;
        var x = FindNonResidueX();
        x.CopyTo(bytes, 1);
        var did = "did:key:" + Multibase.Encode(MultibaseEncoding.Base58Btc, Multicodec.Prefix(Multicodec.P256Pub, bytes));

        var result = await new DidResolver([Method]).ResolveAsync(did);

        Assert.AreEqual(ErrorCodes.InvalidPublicKey, result.Error?.Code, result.Error?.Detail);
    }

    private static byte[] FindNonResidueX()
    {
        // Try small x until PublicKey.Create rejects the compressed point: deterministic and independent of our decoder's internals.
        for (byte candidate = 1; candidate < 255; candidate++)
        {
            var bytes = new byte[33];
            bytes[0] = 0x02;
            bytes[32] = candidate;
            if (!PublicKey.Create(KeyType.P256, bytes).IsSuccess)
            {
                return bytes[1..];
            }
        }

        throw new InvalidOperationException("No off-curve x found.");
    }
}
