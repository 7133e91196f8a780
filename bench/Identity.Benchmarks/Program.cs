using BenchmarkDotNet.Running;

namespace Identity.Benchmarks;

/// <summary>
/// Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*'</c>;
/// <c>-- load-vp &lt; vc.json</c> writes a presentation-verify request body for the HTTP load scripts.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["load-holder"])
        {
            return LoadData.WriteHolder();
        }

        if (args is ["load-vp"])
        {
            return LoadData.WritePresentationRequest();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
