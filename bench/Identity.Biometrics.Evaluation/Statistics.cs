namespace Identity.Biometrics.Evaluation;

/// <summary>Seeded sampling and the ISO/IEC 19795-1 / 30136 summary statistics the evaluation reports.</summary>
internal static class Statistics
{
    /// <summary>A generator for trial <paramref name="index"/> of stream <paramref name="stream"/>: independent of thread scheduling.</summary>
    public static Random Seeded(int seed, int stream, long index) =>
        new(unchecked((int)Mix((ulong)seed, (ulong)stream, (ulong)index)));

    public static ulong Mix(ulong a, ulong b, ulong c)
    {
        ulong z = unchecked((a * 0x9E3779B97F4A7C15UL) ^ (b * 0xBF58476D1CE4E5B9UL) ^ (c * 0x94D049BB133111EBUL) ^ 0x2545F4914F6CDD1DUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public static TimeSpan ProcessCpu()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Beta with the given mean and standard deviation (method of moments), via two Gamma draws.</summary>
    public static double Beta(Random random, double mean, double sd)
    {
        double k = (mean * (1 - mean) / (sd * sd)) - 1;
        double x = Gamma(random, mean * k);
        double y = Gamma(random, (1 - mean) * k);
        return x / (x + y);
    }

    // Marsaglia & Tsang (2000), with the shape < 1 boost.
    private static double Gamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        double d = shape - (1.0 / 3);
        double c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x = Gaussian(random);
            double v = 1 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            double u = random.NextDouble();
            if (Math.Log(u) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    public static (double Mean, double Sd) MeanSd(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1);
        return (mean, Math.Sqrt(variance));
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>
    /// Distance scores (lower = more alike): FNMR at the largest threshold whose FMR does not exceed
    /// <paramref name="fmr"/>; null when there are too few impostor scores to resolve that FMR (fewer than 1/fmr).
    /// FMR 0 means the threshold just below the lowest impostor score observed.
    /// </summary>
    public static double? FnmrAtFmr(double[] genuineSorted, double[] impostorSorted, double fmr)
    {
        if (fmr == 0)
        {
            return 1 - ((double)UpperBound(genuineSorted, impostorSorted[0], strict: true) / genuineSorted.Length);
        }

        if (impostorSorted.Length < 1 / fmr)
        {
            return null;
        }

        // Accept when score <= threshold: allow at most floor(fmr·N) impostor scores at or below it.
        int allowed = (int)Math.Floor(fmr * impostorSorted.Length);
        double threshold = allowed == 0 ? impostorSorted[0] : impostorSorted[allowed];
        int accepted = UpperBound(genuineSorted, threshold, strict: true);
        return 1 - ((double)accepted / genuineSorted.Length);
    }

    /// <summary>The equal error rate of distance scores (the mean of FNMR and FMR where they cross).</summary>
    public static double Eer(double[] genuineSorted, double[] impostorSorted)
    {
        double best = 1;
        double eer = 1;
        foreach (double threshold in genuineSorted.Concat(impostorSorted).Distinct().Order())
        {
            double fnmr = 1 - ((double)UpperBound(genuineSorted, threshold, strict: false) / genuineSorted.Length);
            double fmr = (double)UpperBound(impostorSorted, threshold, strict: false) / impostorSorted.Length;
            if (Math.Abs(fnmr - fmr) < best)
            {
                best = Math.Abs(fnmr - fmr);
                eer = (fnmr + fmr) / 2;
            }
        }

        return eer;
    }

    /// <summary>FNMR and FMR of distance scores at one threshold (accept when score ≤ threshold).</summary>
    public static (double Fnmr, double Fmr) RatesAt(double[] genuineSorted, double[] impostorSorted, double threshold) =>
        (1 - ((double)UpperBound(genuineSorted, threshold, strict: false) / genuineSorted.Length),
         (double)UpperBound(impostorSorted, threshold, strict: false) / impostorSorted.Length);

    // Number of elements < value (strict) or ≤ value.
    private static int UpperBound(double[] sorted, double value, bool strict)
    {
        int lo = 0;
        int hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (strict ? sorted[mid] < value : sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The system linkability D↔sys of Gomez-Barrero et al. (IEEE TIFS 13(9), 2018) with equal priors: the mated-score
    /// expectation of D↔(s) = max(0, 2·LR(s)/(1 + LR(s)) − 1), LR from histograms over bins at quantiles of the pooled
    /// scores (equal-count bins keep the estimate's small-sample bias low).
    /// </summary>
    public static double Linkability(IReadOnlyList<double> mated, IReadOnlyList<double> nonMated)
    {
        // At least 50 mated scores per bin on average (5 to 20 bins): fewer samples per bin inflate the estimate.
        int bins = Math.Clamp(mated.Count / 50, 5, 20);
        double[] pooled = mated.Concat(nonMated).Order().ToArray();
        double[] edges = Enumerable.Range(1, bins - 1).Select(i => pooled[i * pooled.Length / bins]).Distinct().ToArray();
        int Bin(double s)
        {
            int b = 0;
            while (b < edges.Length && s >= edges[b])
            {
                b++;
            }

            return b;
        }

        var m = new double[edges.Length + 1];
        var nm = new double[edges.Length + 1];
        foreach (double s in mated)
        {
            m[Bin(s)]++;
        }

        foreach (double s in nonMated)
        {
            nm[Bin(s)]++;
        }

        double total = 0;
        for (int b = 0; b < m.Length; b++)
        {
            double pm = m[b] / mated.Count;
            double pnm = nm[b] / nonMated.Count;
            if (pm == 0)
            {
                continue;
            }

            double d = pnm == 0 ? 1 : Math.Max(0, (2 * (pm / pnm) / (1 + (pm / pnm))) - 1);
            total += pm * d;
        }

        return total;
    }
}
