using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using Identity.Biometrics.Templates;
using Identity.Cryptography;

namespace Identity.Biometrics.Evaluation;

/// <summary>
/// The iris-like evaluation: scheme fcs-rs32-had64-112-argon2id-v2 (erasure-aware) on synthetic IrisCodes. Genuine
/// and impostor trials run the product's own enrolment gate and matching core (rotation search, keyed transform,
/// soft inner decoding with erasures, RS decoding) and accept at decoder level (the decoded key equals the enrolled
/// one); Argon2id is deterministic and only adds time, measured separately.
/// </summary>
internal sealed partial class IrisEvaluation(EvaluationSettings settings, TextWriter log)
{
    private const string Did = "did:example:evaluation-subject";
    private const int Rotations = (2 * IrisGenerator.MaxRotationColumns) + 1;

    [ThreadStatic]
    private static Random? t_random;

    private readonly BinaryFuzzyCommitmentOptions _options = new()
    {
        OpsLimit = Argon2id.OpsLimitMin,
        MemLimitBytes = Argon2id.MemLimitMin,
        FillRandom = span => t_random!.NextBytes(span),
    };

    private readonly ConcurrentQueue<(Enrolment Enrolment, byte[] Bits, byte[] Mask)> _decodeSample = new();
    private int _sampled;
    private int _retakes;
    private int _captures;
    private int _enrolmentAttempts;
    private int _failuresToEnrol;

    private sealed record Enrolment(BiometricRecord Record, byte[] Key, int[] Symbols, byte[] FusedBits, byte[] FusedMask);

    public ModalityResult Run()
    {
        int n = settings.IrisSubjects;
        int seed = settings.Seed;
        using var pepper = Pepper(seed);
        var scheme = new ErasureFuzzyCommitment(pepper, _options);
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
        var harshScore = new double[n * settings.IrisHarshPerSubject];
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
                (bool matched, _, int score, _) = Compare(scheme, harsh[i], bits, mask, sample: false);
                harshMatched[(i * settings.IrisHarshPerSubject) + k] = matched;
                harshScore[(i * settings.IrisHarshPerSubject) + k] = score;
            }
        });
        log.WriteLine($"  iris: {n * g} genuine comparisons ({clock.Elapsed.TotalSeconds:F0} s)");

        int enrolmentAttempts = _enrolmentAttempts;
        int failuresToEnrol = _failuresToEnrol;

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
            (bool matched, int attempts, int weight, bool miscorrected) = Compare(scheme, a[i], bits, mask, sample: q < 200);
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

        // Linkage between two records: how close δ1 ⊕ δ2 lies to the code, block by block (LinkScore).
        var matedWith = new List<double>();
        var nonMatedWith = new List<double>();
        var matedWithout = new List<double>();
        var nonMatedWithout = new List<double>();
        for (int i = 0; i < links; i++)
        {
            matedWith.Add(LinkScore(linkA[i].Record.Helper.AsSpan(0, IrisGenerator.Bytes), linkB[i].Record.Helper.AsSpan(0, IrisGenerator.Bytes)));
            matedWithout.Add(LinkScore(bareA[i], bareB[i]));
            for (int k = 0; k < 3; k++)
            {
                int j = (i + 1 + k) % links;
                nonMatedWith.Add(LinkScore(linkA[i].Record.Helper.AsSpan(0, IrisGenerator.Bytes), linkB[j].Record.Helper.AsSpan(0, IrisGenerator.Bytes)));
                nonMatedWithout.Add(LinkScore(bareA[i], bareB[j]));
            }
        }

        (double decodeP50, double decodeP95, double decodeCpu) = TimeDecodes(scheme);
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
        var tolerance = Tolerance(scheme, seed, settings.IrisToleranceTrials);
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
            FailureToEnrol = failuresToEnrol / (double)enrolmentAttempts,
            EntropyBits = IrisGenerator.SuperBits * (1 - BinaryEntropy(tolerance.Half)),
            EntropyBitsMasked = 0.7 * IrisGenerator.SuperBits * (1 - BinaryEntropy(tolerance.HalfMasked)),
        };

        log.WriteLine();
        log.WriteLine($"IRIS-LIKE (2048-bit codes with masks; {ErasureFuzzyCommitment.SchemeId}: RS(32, {ErasureFuzzyCommitment.MessageSymbols}) over Hadamard[64, 7], masked and unreliable bits as erasures; rotations ±8 columns)");
        log.WriteLine($"  calibration: impostor HD of subject codes {icMean:F4} ± {icSd:F4} (target 0.499 ± 0.0317), DoF = {icMean * (1 - icMean) / (icSd * icSd):F0} (target 249)");
        log.WriteLine($"               captures, masked, best of ±8 columns: genuine HD {gMean:F4} ± {gSd:F4} (target 0.089 ± 0.042), impostor HD {iMean:F4} ± {iSd:F4}, d' = {dPrime:F2} (Daugman 11.36)");
        log.WriteLine($"               failure to acquire (capture > {_options.MaxMaskedFraction:P0} masked, retaken): {result.FailureToAcquire:P1}");
        log.WriteLine($"               failure to enrol (captures disagree > {_options.MaxEnrolmentDistance:P0} or fused reference > {_options.MaxMaskedFraction:P0} unreliable; new captures taken): {result.FailureToEnrol:P2} of {enrolmentAttempts} enrolment attempts");
        log.WriteLine($"  genuine: {result.GenuineTrials} comparisons (3-capture enrolment, favourable): FNMR {Pct(fnmr)} [target ≤ 0.3%]; mean decode attempts {genuineAttempts / (double)result.GenuineTrials:F1}");
        log.WriteLine($"           single-capture enrolment: FNMR {Pct(result.SingleCaptureFnmr!.Value)}; harsh statistics (0.11 ± 0.065): FNMR {Pct(result.HarshFnmr!.Value)} over {harshMatched.Length}");
        log.WriteLine($"           without eyelid masks (3-capture enrolment, favourable): FNMR {Pct(result.UnmaskedFnmr!.Value)} over {n}");
        log.WriteLine($"  impostor: {impostorAttempts} decodes in {comparisons} comparisons: {falseMatches} false matches, {miscorrections} mis-corrections (caught by the tag) → FMR per decode ≤ {result.FmrUpper95:E1} at 95% (rule of 3) [target: none in ≥ 3,000,000]");
        log.WriteLine($"  protected-score EER {Pct(result.Eer)}; unprotected baseline (masked HD) EER {Pct(result.BaselineEer)}");
        log.WriteLine($"  protected score (2·wrong + erased symbols, best rotation): genuine p99 {Quantile(gScores, 0.99)}, p99.9 {Quantile(gScores, 0.999)}, max {gScores[^1]}; impostor min {iScores[0]}, p0.1 {Quantile(iScores, 0.001)}, median {Quantile(iScores, 0.5)} (of 64); harsh genuine p99 {Quantile([.. harshScore.Order()], 0.99)}, max {harshScore.Max()}");
        WriteDet(log, gScores, iScores, gBase, iBase, [4, 8, 12, 16, 20, 24], "2·(wrong symbols) + erased symbols ≤ τ, i.e. RS(32, 32 − τ)", "τ");
        WriteTolerance(tolerance, IrisGenerator.SuperBits);
        log.WriteLine($"  decode per attempt: p50 {decodeP50:F3} ms, p95 {decodeP95:F3} ms wall; {decodeCpu:F3} ms CPU mean [target ≤ 2 ms]");
        log.WriteLine($"  full match with Argon2id (3, 64 MiB), all rotations: p50 {matchP50:F0} ms, p95 {matchP95:F0} ms wall; {matchCpu:F0} ms CPU mean [target p95 ≤ 150 ms]; record {recordBytes} bytes");
        log.WriteLine($"  unlinkability D↔sys: with pepper {result.UnlinkabilityWithPepper:F3} [target ≤ 0.05]; without pepper (bare fuzzy commitment, δ1⊕δ2 distance to the code; aligned captures) {result.UnlinkabilityWithoutPepper:F3}");
        log.WriteLine($"  renewability: a fresh capture matches both of two independent enrolments for {Pct(result.Renewability)} of subjects; their records are the unlinkable pairs above");
        return result;
    }

    private static double Quantile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

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
