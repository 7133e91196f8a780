using System.Diagnostics;
using System.Globalization;

namespace Identity.Benchmarks;

/// <summary>
/// Interleaved Ed25519 verify timings (issue 15): every round times a batch of each path back to back, in a rotating
/// order, so machine noise lands on all paths alike; reported as the median per-round ratio to the old binding on the
/// system libsodium. <c>dotnet run -c Release --project bench/Identity.Benchmarks -- ed25519-interleaved [rounds]</c>.
/// </summary>
internal static class SignatureRates
{
    private const int Batch = 2_000;

    public static int Run(int rounds)
    {
        var bench = new SignatureBenchmarks();
        bench.Setup();
        (string Name, Func<bool> Verify)[] paths =
        [
            ("old binding, system libsodium 1.0.18 (baseline)", bench.Ed25519OldBindingSystem),
            ("old binding, packaged libsodium 1.0.22", bench.Ed25519OldBindingPackaged),
            ("NSec directly", bench.Ed25519NSec),
            ("our registry over NSec", bench.Ed25519ThroughRegistry),
        ];
        var perRound = new double[paths.Length][];
        for (int p = 0; p < paths.Length; p++)
        {
            perRound[p] = new double[rounds];
            Time(paths[p].Verify); // warm-up
        }

        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < paths.Length; i++)
            {
                int p = (r + i) % paths.Length;
                perRound[p][r] = Time(paths[p].Verify);
            }
        }

        Console.WriteLine($"Ed25519 verify, {rounds} interleaved rounds of {Batch} verifies per path");
        Console.WriteLine("| path | median µs/verify | median ratio to baseline (per round) | p10–p90 | median ratio to the old binding on the same packaged library |");
        Console.WriteLine("|---|---:|---:|---|---:|");
        for (int p = 0; p < paths.Length; p++)
        {
            double[] ratios = perRound[p].Select((t, r) => t / perRound[0][r]).Order().ToArray();
            double[] times = perRound[p].Order().ToArray();
            double[] sameLibrary = perRound[p].Select((t, r) => t / perRound[1][r]).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {paths[p].Name} | {Percentile(times, 0.5) / Batch * 1e6:F2} | {Percentile(ratios, 0.5):F3} | {Percentile(ratios, 0.1):F3}–{Percentile(ratios, 0.9):F3} | {Percentile(sameLibrary, 0.5):F3} |"));
        }

        bench.Cleanup();
        return 0;
    }

    private static double Time(Func<bool> verify)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < Batch; i++)
        {
            if (!verify())
            {
                throw new InvalidOperationException("A path stopped verifying the benchmark signature.");
            }
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Percentile(double[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];
}
