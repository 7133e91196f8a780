using System.Diagnostics;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;
using Identity.Biometrics.Templates;
using Identity.Cryptography;

namespace Identity.Biometrics.Evaluation;

// The iris evaluation's trials: enrolment with its quality gate, one comparison through the matching core, the
// linkage score, and the timings.
internal sealed partial class IrisEvaluation
{
    internal static void WriteDet(TextWriter log, double[] gScores, double[] iScores, double[] gBase, double[] iBase, int[] thresholds, string label, string name = "t'")
    {
        log.WriteLine($"  DET, protected score (a decoder with budget {name} accepts {label}):");
        foreach (int t in thresholds)
        {
            (double fnmr, double fmr) = Statistics.RatesAt(gScores, iScores, t);
            log.WriteLine($"      {name} = {t,3}: FNMR {Pct(fnmr),8}  FMR {fmr:E2} (of {iScores.Length} comparisons)");
        }

        log.WriteLine("  FNMR at FMR (per comparison):         0      1e-3      1e-4      1e-5      1e-6");
        log.WriteLine($"      protected score           {Row(gScores, iScores)}");
        log.WriteLine($"      unprotected baseline      {Row(gBase, iBase)}");
    }

    private static string Row(double[] g, double[] i) => string.Join(
        "  ",
        new[] { 0, 1e-3, 1e-4, 1e-5, 1e-6 }.Select(f => Statistics.FnmrAtFmr(g, i, f) is { } v ? $"{Pct(v),8}" : "     n/a"));

    internal static string Pct(double value) => $"{value * 100:F3}%";

    // A capture from the device, counting the retakes that the mask limit forced (failure to acquire).
    private (byte[] Bits, byte[] Mask) CaptureCounted(Random random, IrisSubject subject, IrisStatistics stats, bool aligned = false, bool masked = true)
    {
        int retakes = 0;
        var capture = IrisGenerator.Capture(random, subject, stats, _options.MaxMaskedFraction, ref retakes, aligned, masked);
        Interlocked.Add(ref _retakes, retakes);
        if (masked)
        {
            Interlocked.Increment(ref _captures);
        }

        return capture;
    }

    // An enrolment through the product's quality gate and fusion; a refused attempt is a failure to enrol (counted),
    // after which the subject presents new captures.
    private Enrolment Enrol(
        ErasureFuzzyCommitment scheme, Random random, IrisSubject subject, IrisStatistics stats, int count, bool aligned = false, bool masked = true)
    {
        while (true)
        {
            Interlocked.Increment(ref _enrolmentAttempts);
            List<BinaryCapture> captures = Enumerable.Range(0, count)
                .Select(_ => CaptureCounted(random, subject, stats, aligned, masked))
                .Select(c => BinaryCapture.Create(c.Bits, c.Mask).Value).ToList();
            var fusedBits = new byte[IrisGenerator.Bytes];
            var reliability = new byte[IrisGenerator.Bits];
            bool fused = scheme.Fuse(captures, fusedBits, reliability).IsSuccess;
            captures.ForEach(c => c.Dispose());
            var key = new byte[ErasureFuzzyCommitment.KeyBytes];
            var enrolled = fused ? scheme.Enroll(fusedBits, reliability, Did, key) : default;
            if (fused && enrolled.IsSuccess)
            {
                var symbols = new int[ErasureFuzzyCommitment.Blocks];
                ErasureFuzzyCommitment.Encode(key, symbols, new byte[IrisGenerator.Bytes]);
                var fusedMask = new byte[IrisGenerator.Bytes];
                for (int i = 0; i < IrisGenerator.Bits; i++)
                {
                    fusedMask[i >> 3] |= (byte)((reliability[i] > 0 ? 1 : 0) << (i & 7));
                }

                return new Enrolment(enrolled.Value, key, symbols, fusedBits, fusedMask);
            }

            Interlocked.Increment(ref _failuresToEnrol);
        }
    }

    // The same reference as a bare fuzzy commitment (no keyed transform): helper = c ⊕ template, unreliable bits random.
    private static byte[] BareHelper(Random random, Enrolment enrolment)
    {
        var key = new byte[ErasureFuzzyCommitment.KeyBytes];
        random.NextBytes(key);
        var c = new byte[IrisGenerator.Bytes];
        ErasureFuzzyCommitment.Encode(key, new int[ErasureFuzzyCommitment.Blocks], c);
        var filler = new byte[IrisGenerator.Bytes];
        random.NextBytes(filler);
        var helper = new byte[IrisGenerator.Bytes];
        for (int i = 0; i < helper.Length; i++)
        {
            byte template = (byte)((enrolment.FusedBits[i] & enrolment.FusedMask[i]) | (filler[i] & ~enrolment.FusedMask[i]));
            helper[i] = (byte)(c[i] ^ template);
        }

        return helper;
    }

    // Linkage of two helpers: δ1 ⊕ δ2 is near the concatenated code when the two references are of one eye and no
    // secret transform separates them. Score: the summed distance of each 64-bit block of δ1 ⊕ δ2 from the nearest
    // Hadamard codeword (hard decisions).
    private static double LinkScore(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Span<int> soft = stackalloc int[HadamardCode.Length];
        Span<int> work = stackalloc int[HadamardCode.Length];
        int total = 0;
        for (int block = 0; block < ErasureFuzzyCommitment.Blocks; block++)
        {
            for (int x = 0; x < HadamardCode.Length; x++)
            {
                int i = (block * HadamardCode.Length) + x;
                int bit = ((first[i >> 3] ^ second[i >> 3]) >> (i & 7)) & 1;
                soft[x] = bit == 0 ? 1 : -1;
            }

            HadamardCode.Decode(soft, work, out int correlation, out _);
            total += (HadamardCode.Length - correlation) / 2;
        }

        return total;
    }

    // One comparison through the matching core. Score: the lowest 2·(wrong symbols) + (erased symbols) over the
    // rotations, i.e. the outer-code budget this received word needs; RS(32, 32 − τ) accepts it when score ≤ τ.
    private (bool Matched, int Attempts, int Score, bool Miscorrected) Compare(ErasureFuzzyCommitment scheme, Enrolment enrolment, byte[] bits, byte[] mask, bool sample)
    {
        int best = int.MaxValue;
        bool miscorrected = false;
        int attempts = 0;
        var result = scheme.Match(
            bits,
            mask,
            enrolment.Record,
            key =>
            {
                bool same = key.SequenceEqual(enrolment.Key);
                miscorrected |= !same;
                return same;
            },
            ref attempts,
            (symbols, erased) =>
            {
                int cost = 0;
                for (int b = 0; b < symbols.Length; b++)
                {
                    cost += erased[b] ? 1 : symbols[b] != enrolment.Symbols[b] ? 2 : 0;
                }

                best = Math.Min(best, cost);
            });
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"An evaluation match could not run: {result.Error!.Code}.");
        }

        if (sample && Interlocked.Increment(ref _sampled) <= 400)
        {
            _decodeSample.Enqueue((enrolment, bits, mask));
        }

        return (result.Value, attempts, best, miscorrected);
    }

    // Time per decode attempt: the matching core over all rotations with a key check that never accepts, divided by
    // the rotations tried (the keyed transform's derivation is shared by a match's rotations, and included).
    private (double P50, double P95, double CpuMean) TimeDecodes(ErasureFuzzyCommitment scheme)
    {
        var times = new List<double>();
        TimeSpan cpuStart = Statistics.ProcessCpu();
        long attemptsTotal = 0;
        foreach ((Enrolment enrolment, byte[] bits, byte[] mask) in _decodeSample)
        {
            int attempts = 0;
            long start = Stopwatch.GetTimestamp();
            scheme.Match(bits, mask, enrolment.Record, _ => false, ref attempts, observe: null);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / attempts);
            attemptsTotal += attempts;
        }

        times.Sort();
        return (Statistics.Percentile(times, 0.50), Statistics.Percentile(times, 0.95), (Statistics.ProcessCpu() - cpuStart).TotalMilliseconds / Math.Max(1, attemptsTotal));
    }

    // Real matches through the public facade at the production cost (Argon2id t = 3, 64 MiB), one at a time.
    private (double P50, double P95, int RecordBytes, double CpuMean) TimeFullMatches(int seed)
    {
        using var pepper = Pepper(seed + 1);
        var protector = new BiometricProtector(pepper);
        var times = new List<double>();
        TimeSpan cpuStart = Statistics.ProcessCpu();
        int recordBytes = 0;
        for (int i = 0; i < settings.TimedMatches; i++)
        {
            Random random = Statistics.Seeded(seed, 6, i);
            IrisSubject subject = IrisGenerator.Subject(random);
            int ignored = 0;
            var captures = Enumerable.Range(0, 3)
                .Select(_ => IrisGenerator.Capture(random, subject, IrisStatistics.Favourable, _options.MaxMaskedFraction, ref ignored))
                .Select(c => (BiometricCapture)BinaryCapture.Create(c.Bits, c.Mask).Value).ToList();
            var record = protector.Enroll(BiometricModality.Iris, captures, Did);
            captures.ForEach(c => c.Dispose());
            if (!record.IsSuccess)
            {
                continue;
            }

            recordBytes = record.Value.ToBytes().Length;
            var probe = IrisGenerator.Capture(random, subject, IrisStatistics.Favourable, _options.MaxMaskedFraction, ref ignored);
            using BinaryCapture capture = BinaryCapture.Create(probe.Bits, probe.Mask).Value;
            long start = Stopwatch.GetTimestamp();
            protector.Match(capture, Did, record.Value);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return (Statistics.Percentile(times, 0.50), Statistics.Percentile(times, 0.95), recordBytes, (Statistics.ProcessCpu() - cpuStart).TotalMilliseconds / Math.Max(1, times.Count));
    }

    internal static SecureBuffer Pepper(int seed)
    {
        var bytes = new byte[32];
        new Random(seed).NextBytes(bytes);
        var pepper = new SecureBuffer(32);
        pepper.CopyFrom(bytes);
        return pepper;
    }
}
