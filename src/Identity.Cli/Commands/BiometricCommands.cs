// References: biometrics.md ("The contract": capture formats; §3.1 synthetic generators).
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Cli.Infrastructure;
using Identity.Primitives;

namespace Identity.Cli.Commands;

/// <summary>
/// <c>identity enroll</c> (the hospital sends a patient's captures and holder proof) and <c>identity capture synth</c>
/// (seeded synthetic captures in the service's formats, for demos and tests: never a real person's template).
/// </summary>
internal static class BiometricCommands
{
    private const int IrisBytes = 256;
    private const int FaceDimensions = 512;

    public static Command Enroll(CliContext context)
    {
        var server = CommonOptions.Server(context, needsServer: true);
        var tenant = new Option<string>("--tenant") { Description = "The enrolling hospital (tenant) id", Required = true };
        var key = CommonOptions.TenantKey();
        var subject = new Option<string>("--subject") { Description = "The patient's DID", Required = true };
        var holderProof = new Option<string>("--holder-proof") { Description = "The patient's presentation without credentials over a service challenge (identity present --no-credentials)", Required = true };
        var modality = new Option<string>("--modality") { Description = "iris or face", Required = true };
        modality.AcceptOnlyFromAmong("iris", "face");
        var captures = new Option<string[]>("--capture") { Description = "A capture file (JSON; repeat 1 to 5 times)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Write the BiometricBindingCredential to this file instead of standard output" };
        var command = new Command("enroll", "Enrol a patient's biometric captures and get the BiometricBindingCredential (POST /tenants/{t}/enrollments)")
        {
            server, tenant, key, subject, holderProof, modality, captures, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var apiKey = CommonOptions.Required(context, parse.GetValue(key), "IDENTITY_TENANT_KEY", "--key");
            var body = new JsonObject
            {
                ["subject"] = parse.GetValue(subject),
                ["holderProof"] = context.ReadJsonObject(parse.GetValue(holderProof)!, "holder proof"),
                ["modality"] = parse.GetValue(modality),
                ["captures"] = new JsonArray(parse.GetValue(captures)!.Select(f => (JsonNode)context.ReadJsonObject(f, "capture")).ToArray()),
            };
            using var client = new ServerClient(parse.GetValue(server), context);
            var (_, enrolled) = await client.PostAsync($"tenants/{Uri.EscapeDataString(parse.GetValue(tenant)!)}/enrollments", body, apiKey, ct);
            var vc = enrolled["verifiableCredential"]!;
            var text = vc.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            if (parse.GetValue(output) is { } outFile)
            {
                File.WriteAllText(outFile, text + "\n");
                var binding = vc["credentialSubject"]?["biometricBinding"];
                context.Emit(
                    new JsonObject { ["id"] = vc["id"]?.DeepClone(), ["recordId"] = binding?["recordId"]?.DeepClone(), ["out"] = outFile },
                    () => context.Output.WriteLine($"Enrolled: {vc["id"]} (record {binding?["recordId"]}, scheme {binding?["scheme"]}) to {outFile}"));
            }
            else
            {
                context.Output.WriteLine(text);
            }

            return 0;
        });
        return command;
    }

    public static Command Capture(CliContext context)
    {
        var modality = new Option<string>("--modality") { Description = "iris or face", Required = true };
        modality.AcceptOnlyFromAmong("iris", "face");
        var subject = new Option<int>("--subject") { Description = "The synthetic person (a seed): the same number gives the same eye or face", Required = true };
        var seed = new Option<int>("--seed") { Description = "The capture's own noise seed: different seeds give different captures of that person", DefaultValueFactory = _ => 1 };
        var noise = new Option<double?>("--noise") { Description = "Iris: fraction of bits flipped (default 0.08); face: 1 - cosine to the person (default 0.15)" };
        var output = new Option<string?>("--out") { Description = "Write the capture to this file instead of standard output" };
        var synth = new Command("synth", "Make a seeded synthetic capture in the service's format (for demos and tests; not a real template)")
        {
            modality, subject, seed, noise, output,
        };
        synth.SetAction(parse =>
        {
            var isIris = parse.GetValue(modality) == "iris";
            var level = parse.GetValue(noise) ?? (isIris ? 0.08 : 0.15);
            if (level is < 0 or >= 1)
            {
                throw new CliException(ErrorCodes.InvalidRequest, "--noise must be at least 0 and below 1.");
            }

            var capture = isIris ? SynthIris(parse.GetValue(subject), parse.GetValue(seed), level) : SynthFace(parse.GetValue(subject), parse.GetValue(seed), 1 - level);
            var text = capture.ToJsonString();
            if (parse.GetValue(output) is { } outFile)
            {
                File.WriteAllText(outFile, text + "\n");
                context.Emit(new JsonObject { ["out"] = outFile }, () => context.Output.WriteLine($"Wrote a synthetic {parse.GetValue(modality)} capture to {outFile}"));
            }
            else
            {
                context.Output.WriteLine(text);
            }

            return 0;
        });
        return new Command("capture", "Biometric capture files") { synth };
    }

    // The person's 2048 bits from the subject seed; the capture flips a share of them with its own seed; full mask.
    private static JsonObject SynthIris(int subject, int seed, double flipShare)
    {
        var bits = new byte[IrisBytes];
        new Random(subject).NextBytes(bits);
        var noise = new Random(unchecked((subject * 1_000_003) + seed));
        int flips = (int)Math.Round(flipShare * IrisBytes * 8);
        foreach (int bit in Enumerable.Range(0, IrisBytes * 8).OrderBy(_ => noise.Next()).Take(flips))
        {
            bits[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return new JsonObject
        {
            ["modality"] = "iris",
            ["format"] = "binary",
            ["bits"] = Convert.ToBase64String(bits),
            ["mask"] = Convert.ToBase64String(Enumerable.Repeat((byte)0xFF, IrisBytes).ToArray()),
        };
    }

    // The person's unit vector from the subject seed; the capture adds Gaussian noise for the target cosine.
    private static JsonObject SynthFace(int subject, int seed, double cosine)
    {
        var identity = Unit(Gaussians(new Random(subject)));
        var noise = Gaussians(new Random(unchecked((subject * 1_000_003) + seed)));
        double sigma = Math.Sqrt(((1 / (cosine * cosine)) - 1) / FaceDimensions);
        var vector = Unit(identity.Select((x, i) => x + (sigma * noise[i])).ToArray());
        return new JsonObject
        {
            ["modality"] = "face",
            ["format"] = "embedding",
            ["model"] = "synthetic",
            ["vector"] = new JsonArray(vector.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 7))!).ToArray()),
        };
    }

    private static double[] Gaussians(Random random) =>
        Enumerable.Range(0, FaceDimensions).Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble())).ToArray();

    private static double[] Unit(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
