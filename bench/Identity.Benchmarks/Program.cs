using BenchmarkDotNet.Running;

namespace Identity.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*'</c>;
/// <c>-- load-vp &lt; vc.json</c> writes a presentation-verify request body for the HTTP load scripts;
/// <c>-- rdfc-verify [seconds]</c> prints the eddsa-rdfc-2022 canonicalize-and-verify rate and its time split.
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

        if (args is ["load-vp"])
        {
            return LoadData.WritePresentationRequest();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
