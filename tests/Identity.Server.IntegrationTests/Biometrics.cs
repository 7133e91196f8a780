using System.Net;
using System.Text.Json.Nodes;

namespace Identity.Server.IntegrationTests;

/// <summary>Synthetic captures and the enrolment request, for the biometric endpoint tests.</summary>
internal static class Biometrics
{
    public const int TemplateBytes = 256;

    /// <summary>Fast Argon2id for tests; production keeps the (3, 64 MiB) default.</summary>
    public static void FastArgon2(Dictionary<string, string?> settings)
    {
        settings["IDENTITY_BIOMETRIC_ARGON2_OPS"] = "1";
        settings["IDENTITY_BIOMETRIC_ARGON2_KIB"] = "64";
    }

    public static byte[] RandomIris(Random random)
    {
        var bits = new byte[TemplateBytes];
        random.NextBytes(bits);
        return bits;
    }

    /// <summary>The same iris with <paramref name="flips"/> distinct bits flipped (a fresh capture of the same eye).</summary>
    public static byte[] Noisy(byte[] template, Random random, int flips)
    {
        var copy = (byte[])template.Clone();
        foreach (var bit in Enumerable.Range(0, TemplateBytes * 8).OrderBy(_ => random.Next()).Take(flips))
        {
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return copy;
    }

    public static JsonObject IrisCapture(byte[] bits, byte[]? mask = null) => new()
    {
        ["format"] = "binary",
        ["bits"] = Convert.ToBase64String(bits),
        ["mask"] = Convert.ToBase64String(mask ?? Enumerable.Repeat((byte)0xFF, TemplateBytes).ToArray()),
    };

    /// <summary>A holder proof: the patient's presentation without credentials over a fresh service challenge.</summary>
    public static async Task<JsonObject> HolderProofAsync(HttpClient client, Scenario.Patient patient)
    {
        var challenge = (await client.PostJsonAsync("/challenges", null)).AssertStatus(HttpStatusCode.OK).Body!;
        return patient.Present([], challenge["challenge"]!.GetValue<string>(), challenge["domain"]!.GetValue<string>());
    }

    /// <summary>A random identity: a 512-d unit vector.</summary>
    public static double[] RandomFace(Random random) => Normalise(Enumerable.Range(0, 512).Select(_ => Gaussian(random)).ToArray());

    /// <summary>A capture of <paramref name="face"/> at about the given cosine similarity.</summary>
    public static double[] FaceCapture(double[] face, Random random, double cosine)
    {
        double sigma = Math.Sqrt(((1 / (cosine * cosine)) - 1) / face.Length);
        return Normalise(face.Select(x => x + (sigma * Gaussian(random))).ToArray());
    }

    public static JsonObject EmbeddingCapture(double[] vector) => new()
    {
        ["format"] = "embedding",
        ["vector"] = new JsonArray(vector.Select(x => (JsonNode)x).ToArray()),
        ["model"] = "synthetic-arcface-like",
    };

    private static double[] Normalise(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public static Task<ApiResponse> EnrollAsync(HttpClient client, Scenario.Tenant tenant, Scenario.Patient patient, params JsonObject[] captures) =>
        EnrollAsync(client, tenant, patient, "iris", captures);

    public static async Task<ApiResponse> EnrollAsync(HttpClient client, Scenario.Tenant tenant, Scenario.Patient patient, string modality, params JsonObject[] captures) =>
        await client.PostJsonAsync($"/tenants/{tenant.Id}/enrollments", new JsonObject
        {
            ["subject"] = patient.Did,
            ["holderProof"] = await HolderProofAsync(client, patient),
            ["modality"] = modality,
            ["captures"] = new JsonArray(captures.Select(c => (JsonNode)c.DeepClone()).ToArray()),
        }, tenant.ApiKey);

    public static async Task<ApiResponse> VerifyWithCaptureAsync(HttpClient client, Scenario.Patient patient, JsonObject credential, JsonObject capture)
    {
        var challenge = (await client.PostJsonAsync("/challenges", new JsonObject { ["domain"] = "clinic.example" })).Body!;
        var value = challenge["challenge"]!.GetValue<string>();
        var presentation = patient.Present([credential], value, "clinic.example");
        return await client.PostJsonAsync("/presentations/verify", new JsonObject
        {
            ["verifiablePresentation"] = presentation,
            ["options"] = new JsonObject { ["challenge"] = value, ["domain"] = "clinic.example", ["biometric"] = capture },
        });
    }

    public static List<string> Checks(ApiResponse response, string name) =>
        response.Body!["checks"]!.AsArray().Where(c => c!["check"]!.GetValue<string>() == name).Select(c => c!["status"]!.GetValue<string>()).ToList();
}
