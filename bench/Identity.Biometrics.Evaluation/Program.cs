namespace Identity.Biometrics.Evaluation;

/// <summary>
/// <c>dotnet run -c Release --project bench/Identity.Biometrics.Evaluation -- [--quick] [--iris-only] [--json FILE] [--seed N]</c>:
/// the synthetic-data evaluation of biometrics.md §3 (calibration, FNMR/FMR, EER, DET, timings, record size,
/// unlinkability, renewability). Quick mode finishes in under a minute on two idle cores; full mode runs ≥ 3,000,000
/// iris impostor decodes on all cores.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        EvaluationSettings settings = EvaluationSettings.Full;
        string? json = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    settings = EvaluationSettings.Quick with { Seed = settings.Seed, IrisOnly = settings.IrisOnly };
                    break;
                case "--iris-only":
                    settings = settings with { IrisOnly = true };
                    break;
                case "--json" when i + 1 < args.Length:
                    json = args[++i];
                    break;
                case "--seed" when i + 1 < args.Length && int.TryParse(args[i + 1], out int seed):
                    settings = settings with { Seed = seed };
                    i++;
                    break;
                default:
                    Console.Error.WriteLine("usage: Identity.Biometrics.Evaluation [--quick] [--iris-only] [--json FILE] [--seed N]");
                    return 2;
            }
        }

        var results = Evaluation.Run(settings, Console.Out);
        if (json is not null)
        {
            File.WriteAllText(json, Evaluation.ToJson(results) + Environment.NewLine);
            Console.WriteLine($"wrote {json}");
        }

        return 0;
    }
}
