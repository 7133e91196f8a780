using System.Text.Json.Nodes;
using Identity.Primitives;

namespace Identity.Cli.Tests;

[TestClass]
public sealed class BiometricCommandTests
{
    [TestMethod]
    public async Task CaptureSynth_Iris_SameSeedsSameBits_OtherSeedCloseButDifferent()
    {
        var a = (await Cli.RunAsync("capture", "synth", "--modality", "iris", "--subject", "42", "--seed", "1")).AssertSuccess().Json;
        var again = (await Cli.RunAsync("capture", "synth", "--modality", "iris", "--subject", "42", "--seed", "1")).AssertSuccess().Json;
        var other = (await Cli.RunAsync("capture", "synth", "--modality", "iris", "--subject", "42", "--seed", "2", "--noise", "0.05")).AssertSuccess().Json;

        Assert.AreEqual("binary", a["format"]!.GetValue<string>());
        var bits = Convert.FromBase64String(a["bits"]!.GetValue<string>());
        Assert.HasCount(256, bits);
        Assert.AreEqual(a["bits"]!.GetValue<string>(), again["bits"]!.GetValue<string>());
        var otherBits = Convert.FromBase64String(other["bits"]!.GetValue<string>());
        int distance = bits.Zip(otherBits, (x, y) => System.Numerics.BitOperations.PopCount((uint)(x ^ y))).Sum();
        Assert.IsTrue(distance is > 0 and < 410, $"Hamming distance {distance}");
    }

    [TestMethod]
    public async Task CaptureSynth_Face_IsAUnitVectorNearTheSameSubject()
    {
        var a = (await Cli.RunAsync("capture", "synth", "--modality", "face", "--subject", "5", "--seed", "1")).AssertSuccess().Json;
        var b = (await Cli.RunAsync("capture", "synth", "--modality", "face", "--subject", "5", "--seed", "2")).AssertSuccess().Json;
        var stranger = (await Cli.RunAsync("capture", "synth", "--modality", "face", "--subject", "6", "--seed", "1")).AssertSuccess().Json;

        double[] Vector(JsonObject c) => c["vector"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        double Cos(double[] x, double[] y) => x.Zip(y, (p, q) => p * q).Sum();
        var (va, vb, vs) = (Vector(a), Vector(b), Vector(stranger));
        Assert.HasCount(512, va);
        Assert.AreEqual(1.0, Math.Sqrt(Cos(va, va)), 1e-5);
        Assert.IsTrue(Cos(va, vb) > 0.6, $"same subject cos {Cos(va, vb)}");
        Assert.IsTrue(Math.Abs(Cos(va, vs)) < 0.3, $"other subject cos {Cos(va, vs)}");
    }

    [TestMethod]
    public async Task CaptureSynth_BadNoise_IsOneClearLine()
    {
        (await Cli.RunAsync("capture", "synth", "--modality", "iris", "--subject", "1", "--noise", "1.5")).AssertFailure(ErrorCodes.InvalidRequest);
    }

    [TestMethod]
    public async Task Present_NoCredentialsWithCredential_IsRefused()
    {
        (await Cli.RunAsync("present", "--no-credentials", "--credential", "urn:uuid:x", "--challenge", "c", "--domain", "d", "--wallet", "/nonexistent/wallet.json"))
            .AssertFailure(ErrorCodes.InvalidRequest);
    }
}
