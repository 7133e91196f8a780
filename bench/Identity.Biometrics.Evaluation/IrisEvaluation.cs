using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;
using Identity.Biometrics.Templates;
using Identity.Cryptography;

namespace Identity.Biometrics.Evaluation;

/// <summary>
/// The iris-like evaluation: scheme fcs-bch2047-67-argon2id-v1 on synthetic IrisCodes. Genuine and impostor trials
/// run the product's own matching core (rotation search, keyed transform, BCH decode) and accept at decoder level
/// (the decoded key equals the enrolled one); Argon2id is deterministic and only adds time, measured separately.
/// </summary>
internal sealed class IrisEvaluation(EvaluationSettings settings, TextWriter log)
{
    private const string Did = "did:example:evaluation-subject";
    private const int Rotations = (2 * IrisGenerator.MaxRotationColumns) + 1;

    [ThreadStatic]
    private static Random? t_random;

    private static readonly BchCode s_code = BchCode.Create(11, 439);

    private readonly BinaryFuzzyCommitmentOptions _options = new()
    {
        OpsLimit = Argon2id.OpsLimitMin,
        MemLimitBytes = Argon2id.MemLimitMin,
        FillRandom = span => t_random!.NextBytes(span),
    };

    private readonly ConcurrentQueue<byte[]> _decodeSample = new();
    private int _sampled;
    private int _retakes;
    private int _captures;

    private sealed record Enrolment(BiometricRecord Record, byte[] Key, byte[] Codeword, byte[] FusedBits, byte[] FusedMask);

    public ModalityResult Run()
    {
        int n = settings.IrisSubjects;
        int seed = settings.Seed;
        using var pepper = Pepper(seed);
        var scheme = new BinaryFuzzyCommitment(pepper, _options);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        var clock = Stopwatch.StartNew();

        // Subjects and their enrolments: A (3 captures, favourable), B (a second, independent enrolment: renewability and
        // linkage), H (3 harsh captures), S (a single favourable capture, the setting of Hao et al.).
        var subjects = new IrisSubject[n];
        var a = new Enrolment[n];
        var b = new Enrolment[n];
        var harsh = new Enrolment[n];
        var single = new Enrolment[n];
        var unmasked = new Enrolment[n];
        int links = settings.IrisLinkPairs;
        var linkA = new Enrolment[links];
        var linkB = new Enrolment[links];
        var bareA = new byte[links][];
        var bareB = new byte[links][];
        Parallel.For(0, n, parallel, i =>
        {
            Random random = Statistics.Seeded(seed, 1, i);
            t_random = random;
            subjects[i] = IrisGenerator.Subject(random);
            a[i] = Enrol(scheme, random, subjects[i], IrisStatistics.Favourable, 3);
            b[i] = Enrol(scheme, random, subjects[i], IrisStatistics.Favourable, 3);
            harsh[i] = Enrol(scheme, random, subjects[i], IrisStatistics.Harsh, 3);
            single[i] = Enrol(scheme, random, subjects[i], IrisStatistics.Favourable, 1);
            unmasked[i] = Enrol(scheme, random, subjects[i], IrisStatistics.Favourable, 3, masked: false);

        });

        // Linkage pairs: two single-capture enrolments of one eye from aligned captures (the linking attacker's best case).
        Parallel.For(0, links, parallel, i =>
        {
            Random random = Statistics.Seeded(seed, 7, i);
            t_random = random;
            IrisSubject subject = IrisGenerator.Subject(random);
            linkA[i] = Enrol(scheme, random, subject, IrisStatistics.Favourable, 1, aligned: true);
            linkB[i] = Enrol(scheme, random, subject, IrisStatistics.Favourable, 1, aligned: true);
            bareA[i] = BareHelper(random, linkA[i]);
            bareB[i] = BareHelper(random, linkB[i]);
        });
        log.WriteLine($"  iris: {n} subjects enrolled four times each, {links} linkage pairs ({clock.Elapsed.TotalSeconds:F0} s)");

        // Genuine comparisons.
        int g = settings.IrisGenuinePerSubject;
        var genuineScore = new double[n * g];
        var genuineMatched = new bool[n * g];
        var genuineBaseline = new double[n * g];
        var singleMatched = new bool[n * g];
        var harshMatched = new bool[n * settings.IrisHarshPerSubject];
        var renewed = new bool[n];
        var unmaskedMatched = new bool[n];
        long genuineAttempts = 0;
        Parallel.For(0, n, parallel, i =>
        {
            Random random = Statistics.Seeded(seed, 2, i);
            t_random = random;
            for (int k = 0; k < g; k++)
            {
                (byte[] bits, byte[] mask) = CaptureCounted(random, subjects[i], IrisStatistics.Favourable);
                (bool matched, int attempts, int weight, _) = Compare(scheme, a[i], bits, mask, sample: true);
                Interlocked.Add(ref genuineAttempts, attempts);
                genuineMatched[(i * g) + k] = matched;
                genuineScore[(i * g) + k] = weight;
                genuineBaseline[(i * g) + k] = IrisGenerator.MinMaskedDistance(a[i].FusedBits, a[i].FusedMask, bits, mask);
                singleMatched[(i * g) + k] = Compare(scheme, single[i], bits, mask, sample: false).Matched;
                if (k == 0)
                {
                    renewed[i] = matched && Compare(scheme, b[i], bits, mask, sample: false).Matched;
                }
            }

            (byte[] clearBits, byte[] clearMask) = CaptureCounted(random, subjects[i], IrisStatistics.Favourable, masked: false);
            unmaskedMatched[i] = Compare(scheme, unmasked[i], clearBits, clearMask, sample: false).Matched;

            for (int k = 0; k < settings.IrisHarshPerSubject; k++)
            {
                (byte[] bits, byte[] mask) = CaptureCounted(random, subjects[i], IrisStatistics.Harsh);
                harshMatched[(i * settings.IrisHarshPerSubject) + k] = Compare(scheme, harsh[i], bits, mask, sample: false).Matched;
            }
        });
        log.WriteLine($"  iris: {n * g} genuine comparisons ({clock.Elapsed.TotalSeconds:F0} s)");

        // Impostor comparisons: every rotation is one decode attempt.
        long comparisons = (settings.IrisImpostorDecodes + Rotations - 1) / Rotations;
        var impostorScore = new double[comparisons];
        var impostorBaseline = new double[comparisons];
        long impostorAttempts = 0;
        long falseMatches = 0;
        long miscorrections = 0;
        long impostorsDone = 0;
        Parallel.For(0L, comparisons, parallel, q =>
        {
            int i = (int)(q % n);
            int j = (int)((i + 1 + (q / n % (n - 1))) % n);
            Random random = Statistics.Seeded(seed, 3, q);
            t_random = random;
            int ignored = 0;
            (byte[] bits, byte[] mask) = IrisGenerator.Capture(random, subjects[j], IrisStatistics.Favourable, _options.MaxMaskedFraction, ref ignored);
            (bool matched, int attempts, int weight, bool miscorrected) = Compare(scheme, a[i], bits, mask, sample: q < 1000);
            Interlocked.Add(ref impostorAttempts, attempts);
            if (matched)
            {
                Interlocked.Increment(ref falseMatches);
            }

            if (miscorrected)
            {
                Interlocked.Increment(ref miscorrections);
            }

            impostorScore[q] = weight;
            impostorBaseline[q] = IrisGenerator.MinMaskedDistance(a[i].FusedBits, a[i].FusedMask, bits, mask);
            long done = Interlocked.Increment(ref impostorsDone);
            if (comparisons >= 100_000 && done % (comparisons / 10) == 0)
            {
                lock (log)
                {
                    log.WriteLine($"  iris: impostor comparisons {done}/{comparisons} ({clock.Elapsed.TotalSeconds:F0} s)");
                }
            }
        });
        log.WriteLine($"  iris: {comparisons} impostor comparisons, {impostorAttempts} decodes ({clock.Elapsed.TotalSeconds:F0} s)");

        // More unprotected-baseline impostor scores (cheap: no decoding), for its FNMR at FMR down to 1e-6.
        int extra = Math.Max(0, settings.IrisBaselineImpostorScores - (int)comparisons);
        var extraBaseline = new double[extra];
        Parallel.For(0, extra, parallel, q =>
        {
            int i = q % n;
            int j = (i + 1 + (q / n % (n - 1))) % n;
            Random random = Statistics.Seeded(seed, 4, q);
            int ignored = 0;
            (byte[] bits, byte[] mask) = IrisGenerator.Capture(random, subjects[j], IrisStatistics.Favourable, _options.MaxMaskedFraction, ref ignored);
            extraBaseline[q] = IrisGenerator.MinMaskedDistance(a[i].FusedBits, a[i].FusedMask, bits, mask);
        });

        // Linkage between two records: decode δ1 ⊕ δ2; the score is the corrected count when it decodes, else its weight.
        var matedWith = new List<double>();
        var nonMatedWith = new List<double>();
        var matedWithout = new List<double>();
        var nonMatedWithout = new List<double>();
        for (int i = 0; i < links; i++)
        {
            matedWith.Add(LinkScore(linkA[i].Record.Helper.AsSpan(), linkB[i].Record.Helper.AsSpan()));
            matedWithout.Add(LinkScore(bareA[i], bareB[i]));
            for (int k = 0; k < 3; k++)
            {
                int j = (i + 1 + k) % links;
                nonMatedWith.Add(LinkScore(linkA[i].Record.Helper.AsSpan(), linkB[j].Record.Helper.AsSpan()));
                nonMatedWithout.Add(LinkScore(bareA[i], bareB[j]));
            }
        }

        (double decodeP50, double decodeP95, double decodeCpu) = TimeDecodes();
        (double matchP50, double matchP95, int recordBytes, double matchCpu) = TimeFullMatches(seed);

        // Calibration (biometrics.md §3.1).
        var impostorCodes = new List<double>();
        var genuinePairs = new List<double>();
        var impostorPairs = new List<double>();
        for (int q = 0; q < 4000; q++)
        {
            Random random = Statistics.Seeded(seed, 5, q);
            int i = q % n;
            int j = (i + 1 + random.Next(n - 1)) % n;
            impostorCodes.Add(Distance(subjects[i].Code, subjects[j].Code) / (double)IrisGenerator.Bits);
            int ignored = 0;
            var first = IrisGenerator.Capture(random, subjects[i], IrisStatistics.Favourable, 1, ref ignored);
            var second = IrisGenerator.Capture(random, subjects[i], IrisStatistics.Favourable, 1, ref ignored);
            var other = IrisGenerator.Capture(random, subjects[j], IrisStatistics.Favourable, 1, ref ignored);
            genuinePairs.Add(IrisGenerator.MinMaskedDistance(first.Bits, first.Mask, second.Bits, second.Mask));
            impostorPairs.Add(IrisGenerator.MinMaskedDistance(first.Bits, first.Mask, other.Bits, other.Mask));
        }

        (double icMean, double icSd) = Statistics.MeanSd(impostorCodes);
        (double gMean, double gSd) = Statistics.MeanSd(genuinePairs);
        (double iMean, double iSd) = Statistics.MeanSd(impostorPairs);
        double dPrime = Math.Abs(iMean - gMean) / Math.Sqrt(((iSd * iSd) + (gSd * gSd)) / 2);

        double[] gScores = [.. genuineScore.Order()];
        double[] iScores = [.. impostorScore.Order()];
        double[] gBase = [.. genuineBaseline.Order()];
        double[] iBase = [.. impostorBaseline.Concat(extraBaseline).Order()];
        double fnmr = genuineMatched.Count(m => !m) / (double)genuineMatched.Length;
        var result = new ModalityResult
        {
            Fnmr = fnmr,
            Fmr = falseMatches / (double)impostorAttempts,
            GenuineTrials = genuineMatched.Length,
            ImpostorTrials = impostorAttempts,
            Eer = Statistics.Eer(gScores, iScores),
            DecodeMsP50 = decodeP50,
            DecodeCpuMsMean = decodeCpu,
            MatchCpuMsMean = matchCpu,
            DecodeMsP95 = decodeP95,
            MatchMsP50 = matchP50,
            MatchMsP95 = matchP95,
            RecordBytes = recordBytes,
            UnlinkabilityWithPepper = Statistics.Linkability(matedWith, nonMatedWith),
            UnlinkabilityWithoutPepper = Statistics.Linkability(matedWithout, nonMatedWithout),
            FalseMatches = falseMatches,
            FmrUpper95 = 3.0 / impostorAttempts,
            ImpostorComparisons = comparisons,
            Miscorrections = miscorrections,
            BaselineEer = Statistics.Eer(gBase, iBase),
            HarshFnmr = harshMatched.Count(m => !m) / (double)harshMatched.Length,
            SingleCaptureFnmr = singleMatched.Count(m => !m) / (double)singleMatched.Length,
            UnmaskedFnmr = unmaskedMatched.Count(m => !m) / (double)n,
            Renewability = renewed.Count(r => r) / (double)n,
            FailureToAcquire = _retakes / (double)(_retakes + _captures),
        };

        log.WriteLine();
        log.WriteLine("IRIS-LIKE (2048-bit codes with masks; BCH(2047, 67, t = 439); rotations ±8 columns)");
        log.WriteLine($"  calibration: impostor HD of subject codes {icMean:F4} ± {icSd:F4} (target 0.499 ± 0.0317), DoF = {icMean * (1 - icMean) / (icSd * icSd):F0} (target 249)");
        log.WriteLine($"               captures, masked, best of ±8 columns: genuine HD {gMean:F4} ± {gSd:F4} (target 0.089 ± 0.042), impostor HD {iMean:F4} ± {iSd:F4}, d' = {dPrime:F2} (Daugman 11.36)");
        log.WriteLine($"               failure to acquire (capture > {_options.MaxMaskedFraction:P0} masked, retaken): {result.FailureToAcquire:P1}");
        log.WriteLine($"  genuine: {result.GenuineTrials} comparisons (3-capture enrolment, favourable): FNMR {Pct(fnmr)} [target ≤ 0.3%]; mean decode attempts {genuineAttempts / (double)result.GenuineTrials:F1}");
        log.WriteLine($"           single-capture enrolment: FNMR {Pct(result.SingleCaptureFnmr!.Value)}; harsh statistics (0.11 ± 0.065): FNMR {Pct(result.HarshFnmr!.Value)} over {harshMatched.Length}");
        log.WriteLine($"           without eyelid masks (3-capture enrolment, favourable): FNMR {Pct(result.UnmaskedFnmr!.Value)} over {n}");
        log.WriteLine($"  impostor: {impostorAttempts} decodes in {comparisons} comparisons: {falseMatches} false matches, {miscorrections} mis-corrections (caught by the tag) → FMR per decode ≤ {result.FmrUpper95:E1} at 95% (rule of 3) [target: none in ≥ 3,000,000]");
        log.WriteLine($"  protected-score EER {Pct(result.Eer)}; unprotected baseline (masked HD) EER {Pct(result.BaselineEer)}");
        WriteDet(log, gScores, iScores, gBase, iBase, [250, 300, 350, 400, 439], "errors ≤ t'");
        log.WriteLine($"  decode per attempt: p50 {decodeP50:F3} ms, p95 {decodeP95:F3} ms wall; {decodeCpu:F3} ms CPU mean [target ≤ 2 ms]");
        log.WriteLine($"  full match with Argon2id (3, 64 MiB), all rotations: p50 {matchP50:F0} ms, p95 {matchP95:F0} ms wall; {matchCpu:F0} ms CPU mean [target p95 ≤ 150 ms]; record {recordBytes} bytes");
        log.WriteLine($"  unlinkability D↔sys: with pepper {result.UnlinkabilityWithPepper:F3} [target ≤ 0.05]; without pepper (bare fuzzy commitment, δ1⊕δ2 decodability; aligned captures) {result.UnlinkabilityWithoutPepper:F3}");
        log.WriteLine($"  renewability: a fresh capture matches both of two independent enrolments for {Pct(result.Renewability)} of subjects; their records are the unlinkable pairs above");
        return result;
    }

    internal static void WriteDet(TextWriter log, double[] gScores, double[] iScores, double[] gBase, double[] iBase, int[] thresholds, string label)
    {
        log.WriteLine($"  DET, protected score (distance to the enrolled codeword; a code correcting t' errors accepts {label}):");
        foreach (int t in thresholds)
        {
            (double fnmr, double fmr) = Statistics.RatesAt(gScores, iScores, t);
            log.WriteLine($"      t' = {t,3}: FNMR {Pct(fnmr),8}  FMR {fmr:E2} (of {iScores.Length} comparisons)");
        }

        log.WriteLine("  FNMR at FMR (per comparison):      1e-3      1e-4      1e-5      1e-6");
        log.WriteLine($"      protected score           {Row(gScores, iScores)}");
        log.WriteLine($"      unprotected baseline      {Row(gBase, iBase)}");
    }

    private static string Row(double[] g, double[] i) => string.Join(
        "  ",
        new[] { 1e-3, 1e-4, 1e-5, 1e-6 }.Select(f => Statistics.FnmrAtFmr(g, i, f) is { } v ? $"{Pct(v),8}" : "     n/a"));

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

    private Enrolment Enrol(
        BinaryFuzzyCommitment scheme, Random random, IrisSubject subject, IrisStatistics stats, int count, bool aligned = false, bool masked = true)
    {
        while (true)
        {
            var raw = Enumerable.Range(0, count).Select(_ => CaptureCounted(random, subject, stats, aligned, masked)).ToList();
            List<BinaryCapture> captures = raw.Select(c => BinaryCapture.Create(c.Bits, c.Mask).Value).ToList();
            var fusedBits = new byte[IrisGenerator.Bytes];
            var fusedMask = new byte[IrisGenerator.Bytes];
            if (count == 1)
            {
                raw[0].Bits.CopyTo(fusedBits, 0);
                raw[0].Mask.CopyTo(fusedMask, 0);
            }
            else
            {
                BinaryCaptureFusion.Fuse(captures, _options, fusedBits, fusedMask);
            }

            captures.ForEach(c => c.Dispose());
            var key = new byte[s_code.MessageBytes];
            var enrolled = scheme.Enroll(fusedBits, fusedMask, Did, key);
            if (enrolled.IsSuccess)
            {
                return new Enrolment(enrolled.Value, key, s_code.Encode(key), fusedBits, fusedMask);
            }

            // The fused reference was too masked: a failure to enrol; take the captures again.
            Interlocked.Add(ref _retakes, count);
        }
    }

    // The same reference as a bare fuzzy commitment (no keyed transform): helper = c ⊕ template, masked bits random.
    private static byte[] BareHelper(Random random, Enrolment enrolment)
    {
        var key = new byte[s_code.MessageBytes];
        random.NextBytes(key);
        key[^1] &= (1 << (67 % 8)) - 1;
        byte[] c = s_code.Encode(key);
        var filler = new byte[IrisGenerator.Bytes];
        random.NextBytes(filler);
        var helper = new byte[IrisGenerator.Bytes];
        for (int i = 0; i < helper.Length; i++)
        {
            byte template = (byte)((enrolment.FusedBits[i] & enrolment.FusedMask[i]) | (filler[i] & ~enrolment.FusedMask[i]));
            helper[i] = (byte)(c[i] ^ template);
        }

        helper[^1] &= 0x7F;
        return helper;
    }

    private static double LinkScore(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var delta = new byte[IrisGenerator.Bytes];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = (byte)(first[i] ^ second[i]);
        }

        delta[^1] &= 0x7F;
        var result = s_code.Decode(delta, new byte[s_code.MessageBytes]);
        return result.IsSuccess ? result.Value : Distance(delta, new byte[delta.Length]);
    }

    private (bool Matched, int Attempts, int Weight, bool Miscorrected) Compare(BinaryFuzzyCommitment scheme, Enrolment enrolment, byte[] bits, byte[] mask, bool sample)
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
            (_, received) =>
            {
                int weight = 0;
                for (int i = 0; i < IrisGenerator.Bytes; i++)
                {
                    int x = received[i] ^ enrolment.Codeword[i];
                    weight += BitOperations.PopCount((uint)(i == IrisGenerator.Bytes - 1 ? x & 0x7F : x));
                }

                best = Math.Min(best, weight);
                if (sample && Interlocked.Increment(ref _sampled) <= 4000)
                {
                    _decodeSample.Enqueue(received.ToArray());
                }
            });
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"An evaluation match could not run: {result.Error!.Code}.");
        }

        return (result.Value, attempts, best, miscorrected);
    }

    private (double P50, double P95, double CpuMean) TimeDecodes()
    {
        var message = new byte[s_code.MessageBytes];
        var times = new List<double>();
        TimeSpan cpuStart = Statistics.ProcessCpu();
        foreach (byte[] word in _decodeSample)
        {
            long start = Stopwatch.GetTimestamp();
            s_code.Decode(word, message);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return (Statistics.Percentile(times, 0.50), Statistics.Percentile(times, 0.95), (Statistics.ProcessCpu() - cpuStart).TotalMilliseconds / Math.Max(1, times.Count));
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
                .Select(_ => IrisGenerator.Capture(random, subject, IrisStatistics.Favourable, 0.30, ref ignored))
                .Select(c => (BiometricCapture)BinaryCapture.Create(c.Bits, c.Mask).Value).ToList();
            var record = protector.Enroll(BiometricModality.Iris, captures, Did);
            captures.ForEach(c => c.Dispose());
            if (!record.IsSuccess)
            {
                continue;
            }

            recordBytes = record.Value.ToBytes().Length;
            var probe = IrisGenerator.Capture(random, subject, IrisStatistics.Favourable, 0.30, ref ignored);
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

    private static int Distance(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        int d = 0;
        for (int i = 0; i < x.Length; i++)
        {
            d += BitOperations.PopCount((uint)(x[i] ^ y[i]));
        }

        return d;
    }
}
