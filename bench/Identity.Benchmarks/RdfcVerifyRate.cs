using System.Diagnostics;

namespace Identity.Benchmarks;

/// <summary>
/// A quick, BenchmarkDotNet-free rate for <c>-- rdfc-verify [seconds]</c>: each part of <see cref="RdfcVerifyBenchmarks"/>
/// run in a loop for the given time after a warm-up, printed as operations per second and as a share of the whole.
/// The same method (loop for N seconds) as bench/load/rdfc-verify-digitalbazaar.mjs, so the two rates compare.
/// </summary>
internal static class RdfcVerifyRate
{
    public static int Run(double seconds)
    {
        var bench = new RdfcVerifyBenchmarks();
        bench.Setup();
        double full = Rate(() => bench.VerifyCredentialProof().Result, seconds);
        double suite = Rate(() => bench.SuiteVerifyProof(), seconds / 2);
        double expand = Rate(() => bench.ExpandToRdf(), seconds / 2);
        double canonicalize = Rate(() => bench.Canonicalize(), seconds / 2);
        double crypto = Rate(() => bench.HashAndEd25519Verify(), seconds / 2);
        double general = Rate(() => bench.ProofConfigurationGeneral(), seconds / 2);
        double rest = (1e6 / suite) - (1e6 / expand) - (1e6 / canonicalize) - (1e6 / crypto);
        Console.WriteLine($"verify (full)                    {full,10:N0} ops/s  {1e6 / full,8:N1} µs");
        Console.WriteLine($"  cryptosuite verify             {suite,10:N0} ops/s  {1e6 / suite,8:N1} µs  {100 * full / suite,5:N1} %");
        Console.WriteLine($"    document expansion + toRdf   {expand,10:N0} ops/s  {1e6 / expand,8:N1} µs  {100 * full / expand,5:N1} %");
        Console.WriteLine($"    document RDFC-1.0            {canonicalize,10:N0} ops/s  {1e6 / canonicalize,8:N1} µs  {100 * full / canonicalize,5:N1} %");
        Console.WriteLine($"    SHA-256 + Ed25519            {crypto,10:N0} ops/s  {1e6 / crypto,8:N1} µs  {100 * full / crypto,5:N1} %");
        Console.WriteLine($"    the rest (proof config, …)                    {rest,8:N1} µs  {rest * full / 1e4,5:N1} %");
        Console.WriteLine($"  (proof config, general path    {general,10:N0} ops/s  {1e6 / general,8:N1} µs: taken once per shape)");
        Console.WriteLine(full.ToString("F0", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    private static double Rate<T>(Func<T> operation, double seconds)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < Math.Min(1, seconds / 3))
        {
            operation();
        }

        long count = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            operation();
            count++;
        }

        return count / watch.Elapsed.TotalSeconds;
    }
}
