using Identity.Cryptography;
using Identity.DidMethods.Jwk;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Credentials.Tests.Jose;

/// <summary>Keys with did:key identifiers and a resolver over did:key and did:jwk for the JOSE tests.</summary>
internal static class JoseTestKit
{
    public static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static DidResolver Resolver() => new([new DidKeyMethod(), new DidJwkMethod()]);

    public static PrivateKey Key(ISignatureAlgorithm algorithm, byte fill)
    {
        byte[] secret = new byte[algorithm.PrivateKeySize];
        Array.Fill(secret, fill);
        // Exportable: the interop tests hand these fixed test keys to the Node peers as private JWKs.
        return algorithm.ImportPrivateKey(secret, PrivateKeyExport.AllowPlaintextExport).Value;
    }

    public static string Did(PublicKey key) => "did:key:" + Multikey.EncodePublicKey(key);

    public static string Kid(PublicKey key) => Did(key) + "#" + Multikey.EncodePublicKey(key);

    public static IEnumerable<object[]> Algorithms() =>
        SignatureAlgorithms.All.Select(a => new object[] { a.Name });

    public static ISignatureAlgorithm Algorithm(string name) => SignatureAlgorithms.All.Single(a => a.Name == name);
}
