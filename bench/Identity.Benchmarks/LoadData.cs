using System.Text.Json.Nodes;
using Identity.Credentials.DataIntegrity;
using Identity.Credentials.Presentations;
using Identity.Cryptography;
using Identity.DidMethods.Key;
using Identity.Dids;

namespace Identity.Benchmarks;

/// <summary>
/// <c>load-holder</c> prints the load holder's DID (a fixed, test-only seed); <c>load-vp</c> reads a credential issued to
/// that DID on stdin and writes the body of a <c>POST /presentations/verify</c> request: the credential presented with an
/// eddsa-jcs-2022 <c>authentication</c> proof and no challenge (so the same body verifies again and again under load).
/// </summary>
internal static class LoadData
{
    public static int WriteHolder()
    {
        using var key = HolderKey();
        Console.Out.Write("did:key:" + Multikey.EncodePublicKey(key.PublicKey));
        return 0;
    }

    public static int WritePresentationRequest()
    {
        var credential = JsonNode.Parse(Console.In.ReadToEnd())!.AsObject();
        using var key = HolderKey();
        var multibase = Multikey.EncodePublicKey(key.PublicKey);
        var holder = "did:key:" + multibase;
        var proofs = new DataIntegrityProofService(new DidResolver([new DidKeyMethod()]), CryptosuiteRegistry.Default, TimeProvider.System);
        var presentation = PresentationBuilder.Sign(
            proofs, PresentationBuilder.Create(holder, [credential]), key, $"{holder}#{multibase}", null, null, DateTimeOffset.UtcNow.AddMinutes(-1)).Value;
        Console.Out.Write(new JsonObject { ["verifiablePresentation"] = presentation }.ToJsonString());
        return 0;
    }

    // A benchmark identity, not a secret: a fixed seed so the script can issue to the holder before it presents.
    private static PrivateKey HolderKey() => SignatureAlgorithms.Ed25519.ImportPrivateKey(Enumerable.Repeat((byte)7, 32).ToArray()).Value;
}
