using System.Diagnostics;
using System.Text.Json;

namespace Identity.Biometrics.Evaluation;

/// <summary>Runs both modalities, prints the report, and returns the figures (the test calls this in-process).</summary>
internal static class Evaluation
{
    public static IReadOnlyDictionary<string, ModalityResult> Run(EvaluationSettings settings, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        log.WriteLine($"Biometric template protection evaluation — mode {settings.Mode}, seed {settings.Seed}, SYNTHETIC data (biometrics.md §3.1)");
        log.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average at start: {LoadAverage()}");
        ModalityResult iris = new IrisEvaluation(settings, log).Run();
        var results = new Dictionary<string, ModalityResult> { ["iris"] = iris };
        if (!settings.IrisOnly)
        {
            results["face"] = new FaceEvaluation(settings, log).Run();
        }

        log.WriteLine();
        log.WriteLine($"done in {clock.Elapsed.TotalSeconds:F0} s; load average at end: {LoadAverage()}");
        return results;
    }

    public static string ToJson(IReadOnlyDictionary<string, ModalityResult> results) =>
        JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true });

    // Other work on a shared machine inflates wall-clock times; the report says how loaded it was.
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
