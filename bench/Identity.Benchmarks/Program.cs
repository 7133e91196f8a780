using BenchmarkDotNet.Running;

namespace Identity.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*'</c>;
/// <c>-- load-vp &lt; vc.json</c> writes a presentation-verify request body for the HTTP load scripts;
/// <c>-- rdfc-verify [seconds]</c> prints the eddsa-rdfc-2022 canonicalize-and-verify rate and its time split.
/// <c>-- ed25519-interleaved [rounds]</c> times the Ed25519 verify paths of issue 15 interleaved (noise-robust ratios).
/// <c>-- verify-rates vp|rdfc|sdjwt [seconds]</c> times a verify path against its crypto bound in one process (issue 23);
/// <c>-- verify-loop vp|rdfc|sdjwt SECONDS</c> runs one path alone for a profiler.
/// <c>-- rate-sdjwt SECONDS</c> prints the SD-JWT verify rate measured like the node peer's script (for interleaved runs).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["load-holder"])
        {
            return LoadData.WriteHolder();
        }

        if (args is ["rdfc-verify", ..])
        {
            return RdfcVerifyRate.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
        }

        if (args is ["ed25519-interleaved", ..])
        {
            return SignatureRates.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40);
        }

        if (args is ["verify-rates", var kind, ..])
        {
            return VerifyRates.Run(kind, args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
        }

        if (args is ["verify-loop", var path, var loopSeconds])
        {
            return VerifyRates.Loop(path, double.Parse(loopSeconds, System.Globalization.CultureInfo.InvariantCulture));
        }

        if (args is ["load-vp"])
        {
            return LoadData.WritePresentationRequest();
        }

        if (args is ["rate-sdjwt", var seconds])
        {
            return SdJwtVerifyBenchmarks.PrintRate(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
