using Identity.Biometrics.Templates;

namespace Identity.Biometrics.Evaluation;

// The decoder's error tolerance, the input of the entropy estimate (after Hao, Anderson & Daugman 2006): an attacker
// who holds a record and the pepper must guess a template within the tolerated distance of the enrolled one.
internal sealed partial class IrisEvaluation
{
    private static readonly double[] s_toleranceRates = [0.20, 0.24, 0.28, 0.32, 0.36, 0.40];

    /// <summary>
    /// Acceptance rate against the fraction of valid bits in error (independent, uniform errors; no rotation), without
    /// a mask and with a 30% eyelid band; and the error rate at which half the probes still match (interpolated).
    /// </summary>
    private (double[] Clear, double[] Masked, double Half, double HalfMasked) Tolerance(ErasureFuzzyCommitment scheme, int seed, int trials)
    {
        var clear = new double[s_toleranceRates.Length];
        var masked = new double[s_toleranceRates.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        for (int r = 0; r < s_toleranceRates.Length; r++)
        {
            int accepted = 0;
            int acceptedMasked = 0;
            double rate = s_toleranceRates[r];
            Parallel.For(0, trials, parallel, i =>
            {
                Random random = Statistics.Seeded(seed, 8, (r * 1_000_000L) + i);
                t_random = random;
                var eye = new byte[IrisGenerator.Bytes];
                random.NextBytes(eye);
                var reliability = Enumerable.Repeat((byte)1, IrisGenerator.Bits).ToArray();
                var key = new byte[ErasureFuzzyCommitment.KeyBytes];
                BiometricRecord record = scheme.Enroll(eye, reliability, Did, key).Value;
                var full = Enumerable.Repeat((byte)0xFF, IrisGenerator.Bytes).ToArray();
                var band = (byte[])full.Clone();
                band.AsSpan(random.Next(0, IrisGenerator.Bytes - 76), 76).Clear();
                if (Accepts(scheme, record, key, Flip(random, eye, full, rate), full))
                {
                    Interlocked.Increment(ref accepted);
                }

                if (Accepts(scheme, record, key, Flip(random, eye, band, rate), band))
                {
                    Interlocked.Increment(ref acceptedMasked);
                }
            });
            clear[r] = accepted / (double)trials;
            masked[r] = acceptedMasked / (double)trials;
        }

        return (clear, masked, HalfPoint(clear), HalfPoint(masked));
    }

    private void WriteTolerance((double[] Clear, double[] Masked, double Half, double HalfMasked) tolerance, double dof)
    {
        log.WriteLine("  decoder tolerance (uniform errors on valid bits; acceptance):");
        for (int r = 0; r < s_toleranceRates.Length; r++)
        {
            log.WriteLine($"      {s_toleranceRates[r]:P0} errors: no mask {Pct(tolerance.Clear[r]),8}, 30% eyelid band {Pct(tolerance.Masked[r]),8}");
        }

        // Guessing work ≈ 2^(DoF·(1 − H(h50))) (sphere-packing over the template's degrees of freedom); a probe masked at the
        // limit exposes only 70% of them.
        double bits = dof * (1 - BinaryEntropy(tolerance.Half));
        double bitsMasked = 0.7 * dof * (1 - BinaryEntropy(tolerance.HalfMasked));
        log.WriteLine($"      half the probes match at {tolerance.Half:P1} errors (no mask), {tolerance.HalfMasked:P1} (30% masked): entropy estimate {bits:F0} bits, {bitsMasked:F0} bits when the attacker masks 30% (DoF {dof:F0})");
    }

    private static bool Accepts(ErasureFuzzyCommitment scheme, BiometricRecord record, byte[] key, byte[] probe, byte[] mask)
    {
        int attempts = 0;
        return scheme.Match(probe, mask, record, k => k.SequenceEqual(key), ref attempts, observe: null).Value;
    }

    // Flips round(rate × valid bits) distinct valid bits.
    private static byte[] Flip(Random random, byte[] eye, byte[] mask, double rate)
    {
        int[] valid = Enumerable.Range(0, IrisGenerator.Bits).Where(i => ((mask[i >> 3] >> (i & 7)) & 1) == 1).ToArray();
        random.Shuffle(valid);
        var probe = (byte[])eye.Clone();
        foreach (int i in valid.AsSpan(0, (int)Math.Round(rate * valid.Length)))
        {
            probe[i >> 3] ^= (byte)(1 << (i & 7));
        }

        return probe;
    }

    private static double HalfPoint(double[] acceptance)
    {
        for (int r = 1; r < acceptance.Length; r++)
        {
            if (acceptance[r] < 0.5 && acceptance[r - 1] >= 0.5)
            {
                double f = (acceptance[r - 1] - 0.5) / (acceptance[r - 1] - acceptance[r]);
                return s_toleranceRates[r - 1] + (f * (s_toleranceRates[r] - s_toleranceRates[r - 1]));
            }
        }

        return acceptance[0] < 0.5 ? s_toleranceRates[0] : s_toleranceRates[^1];
    }

    private static double BinaryEntropy(double p) => p <= 0 || p >= 1 ? 0 : -(p * Math.Log2(p)) - ((1 - p) * Math.Log2(1 - p));
}
