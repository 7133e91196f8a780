using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using Identity.Biometrics.Captures;
using Identity.Biometrics.Coding;
using Identity.Biometrics.Templates;
using Identity.Cryptography;

namespace Identity.Biometrics.Evaluation;

/// <summary>
/// The face-like evaluation: scheme fcs-rp4096-sel511-bch511-67-argon2id-v1 on synthetic 512-d embeddings, with the
/// product's own keyed projection, selection and decoder; acceptance at decoder level as for the iris.
/// </summary>
internal sealed class FaceEvaluation(EvaluationSettings settings, TextWriter log)
{
    private const string Did = "did:example:evaluation-subject";
    private const double GenuineMean = 0.65;

    [ThreadStatic]
    private static Random? t_random;

    private static readonly BchCode s_code = BchCode.Create(9, 87);

    private readonly EmbeddingFuzzyCommitmentOptions _options = new()
    {
        OpsLimit = Argon2id.OpsLimitMin,
        MemLimitBytes = Argon2id.MemLimitMin,
        FillRandom = span => t_random!.NextBytes(span),
    };

    private readonly ConcurrentQueue<(float[] Probe, int Subject)> _decodeSample = new();

    private sealed record Enrolment(BiometricRecord Record, byte[] Key, byte[] Codeword, float[] Mean);

    public ModalityResult Run()
    {
        int n = settings.FaceSubjects;
        int seed = settings.Seed;
        using var pepper = IrisEvaluation.Pepper(seed + 10);
        var scheme = new EmbeddingFuzzyCommitment(pepper, _options);
        var generator = new FaceGenerator(seed);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxDegreeOfParallelism };
        var clock = Stopwatch.StartNew();

        var identities = new float[n][];
        for (int i = 0; i < n; i++)
        {
            identities[i] = generator.Identity(Statistics.Seeded(seed, 11, i));
        }

        int g = settings.FaceGenuinePerSubject;
        int impostorsPer = (int)((settings.FaceImpostorDecodes + n - 1) / n);
        int hardPer = settings.FaceHardImpostorsPerSubject;
        var genuineScore = new double[n * g];
        var genuineMatched = new bool[n * g];
        var genuineBaseline = new double[n * g];
        var impostorScore = new double[n * impostorsPer];
        var impostorBaseline = new double[n * impostorsPer];
        var hardMatched = new bool[n * hardPer];
        var renewed = new bool[n];
        var leakedA = new float[n][];
        var leakedB = new float[n][];
        var helpersA = new byte[n][];
        var helpersB = new byte[n][];
        long falseMatches = 0;
        long miscorrections = 0;
        int recordBytes = 0;
        Parallel.For(0, n, parallel, i =>
        {
            Random random = Statistics.Seeded(seed, 12, i);
            t_random = random;
            Enrolment a = Enrol(scheme, random, identities[i], GenuineMean);
            Enrolment b = Enrol(scheme, random, identities[i], GenuineMean);
            recordBytes = a.Record.ToBytes().Length;
            using (EmbeddingReference reference = scheme.Prepare(a.Record))
            {
                for (int k = 0; k < g; k++)
                {
                    float[] probe = FaceGenerator.Capture(random, identities[i], GenuineMean);
                    (bool matched, int weight, _) = Compare(reference, a, probe);
                    genuineMatched[(i * g) + k] = matched;
                    genuineScore[(i * g) + k] = weight;
                    genuineBaseline[(i * g) + k] = 1 - FaceGenerator.Cosine(a.Mean, probe);
                    if (k == 0)
                    {
                        using EmbeddingReference second = scheme.Prepare(b.Record);
                        renewed[i] = matched && Compare(second, b, probe).Matched;
                        leakedB[i] = Direction(second);
                        _decodeSample.Enqueue((probe, i));
                    }
                }

                for (int k = 0; k < impostorsPer; k++)
                {
                    int j = (i + 1 + Statistics.Seeded(seed, 13, (i * impostorsPer) + k).Next(n - 1)) % n;
                    float[] probe = FaceGenerator.Capture(random, identities[j], GenuineMean);
                    (bool matched, int weight, bool miscorrected) = Compare(reference, a, probe);
                    impostorScore[(i * impostorsPer) + k] = weight;
                    impostorBaseline[(i * impostorsPer) + k] = 1 - FaceGenerator.Cosine(a.Mean, probe);
                    if (matched)
                    {
                        Interlocked.Increment(ref falseMatches);
                    }

                    if (miscorrected)
                    {
                        Interlocked.Increment(ref miscorrections);
                    }
                }

                for (int k = 0; k < hardPer; k++)
                {
                    float[] relative = generator.Relative(random, identities[i]);
                    hardMatched[(i * hardPer) + k] = Compare(reference, a, FaceGenerator.Capture(random, relative, GenuineMean)).Matched;
                }

                leakedA[i] = Direction(reference);
            }

            helpersA[i] = a.Record.Helper.ToArray();
            helpersB[i] = b.Record.Helper.ToArray();
        });
        log.WriteLine($"  face: {n} subjects, {n * g} genuine and {n * impostorsPer} impostor decodes ({clock.Elapsed.TotalSeconds:F0} s)");

        // Linkage. With the pepper secret the attacker holds helper data only: the decodability test of the two code
        // halves δ1 ⊕ δ2 (score: corrected count, else its weight), as for the iris. With the pepper leaked, the top
        // eigenvector of Σ r rᵀ over a record's selected rows recovers ±x (biometrics.md §2b): score |cos| of two of them.
        var matedWith = new List<double>();
        var nonMatedWith = new List<double>();
        var matedWithout = new List<double>();
        var nonMatedWithout = new List<double>();
        for (int i = 0; i < n; i++)
        {
            matedWith.Add(LinkScore(helpersA[i], helpersB[i]));
            matedWithout.Add(-Math.Abs(FaceGenerator.Cosine(leakedA[i], leakedB[i])));
            for (int k = 0; k < 3; k++)
            {
                int j = (i + 1 + k) % n;
                nonMatedWith.Add(LinkScore(helpersA[i], helpersB[j]));
                nonMatedWithout.Add(-Math.Abs(FaceGenerator.Cosine(leakedA[i], leakedB[j])));
            }
        }

        // Genuine-mean sweep (biometrics.md §3.1): FNMR of the same scheme at other genuine cosines.
        var sweep = new List<(double Mean, double Fnmr, int Trials)>();
        foreach (double mean in settings.FaceSweepSubjects > 0 ? new[] { 0.5, 0.55, 0.6, 0.7, 0.8 } : [])
        {
            int failures = 0;
            int trials = 0;
            object gate = new();
            Parallel.For(0, settings.FaceSweepSubjects, parallel, i =>
            {
                Random random = Statistics.Seeded(seed, 14, (i * 100) + (int)(mean * 100));
                t_random = random;
                Enrolment e = Enrol(scheme, random, identities[i % n], mean);
                using EmbeddingReference reference = scheme.Prepare(e.Record);
                int f = 0;
                for (int k = 0; k < 5; k++)
                {
                    f += Compare(reference, e, FaceGenerator.Capture(random, identities[i % n], mean)).Matched ? 0 : 1;
                }

                lock (gate)
                {
                    failures += f;
                    trials += 5;
                }
            });
            sweep.Add((mean, failures / (double)trials, trials));
        }

        (double decodeP50, double decodeP95, double decodeCpu) = TimeDecodes(scheme, seed);
        (double matchP50, double matchP95, double matchCpu) = TimeFullMatches(generator, seed);

        // Calibration.
        var impostorCos = new List<double>();
        var genuineCos = new List<double>();
        var hardCos = new List<double>();
        for (int q = 0; q < 4000; q++)
        {
            Random random = Statistics.Seeded(seed, 15, q);
            int i = q % n;
            int j = (i + 1 + random.Next(n - 1)) % n;
            impostorCos.Add(FaceGenerator.Cosine(FaceGenerator.Capture(random, identities[i], GenuineMean), FaceGenerator.Capture(random, identities[j], GenuineMean)));
            genuineCos.Add(FaceGenerator.Cosine(FaceGenerator.Capture(random, identities[i], GenuineMean), FaceGenerator.Capture(random, identities[i], GenuineMean)));
            if (q < 1000)
            {
                hardCos.Add(FaceGenerator.Cosine(identities[i], generator.Relative(random, identities[i])));
            }
        }

        (double icMean, double icSd) = Statistics.MeanSd(impostorCos);
        (double gMean, double gSd) = Statistics.MeanSd(genuineCos);
        (double hMean, double hSd) = Statistics.MeanSd(hardCos);

        double[] gScores = [.. genuineScore.Order()];
        double[] iScores = [.. impostorScore.Order()];
        double[] gBase = [.. genuineBaseline.Order()];
        double[] iBase = [.. impostorBaseline.Order()];
        long impostorTrials = impostorScore.Length;
        var result = new ModalityResult
        {
            Fnmr = genuineMatched.Count(m => !m) / (double)genuineMatched.Length,
            Fmr = falseMatches / (double)impostorTrials,
            GenuineTrials = genuineMatched.Length,
            ImpostorTrials = impostorTrials,
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
            FmrUpper95 = 3.0 / impostorTrials,
            ImpostorComparisons = impostorTrials,
            Miscorrections = miscorrections,
            BaselineEer = Statistics.Eer(gBase, iBase),
            HardImpostorFmr = hardMatched.Count(m => m) / (double)Math.Max(1, hardMatched.Length),
            Renewability = renewed.Count(r => r) / (double)n,
        };

        log.WriteLine();
        log.WriteLine("FACE-LIKE (512-d embeddings; keyed projection 4096 × 512, 511 reliable bits, BCH(511, 67, t = 87))");
        log.WriteLine($"  calibration: impostor cosine {icMean:F4} ± {icSd:F4} (target N(0, 0.07–0.09)); genuine cosine {gMean:F4} ± {gSd:F4} (target 0.65 ± 0.10); hard impostors' identity cosine {hMean:F3} ± {hSd:F3} (0.3–0.5)");
        log.WriteLine($"  genuine: {result.GenuineTrials} comparisons (3-capture enrolment, genuine cosine 0.65): FNMR {IrisEvaluation.Pct(result.Fnmr)} [target ≤ 1% at FMR ≤ 1e-5]");
        foreach ((double mean, double fnmr, int trials) in sweep)
        {
            log.WriteLine($"           genuine cosine {mean:F2}: FNMR {IrisEvaluation.Pct(fnmr)} over {trials}");
        }

        log.WriteLine($"  impostor: {impostorTrials} decodes: {falseMatches} false matches, {miscorrections} mis-corrections → FMR ≤ {result.FmrUpper95:E1} at 95%; hard impostors (relatives): {hardMatched.Count(m => m)} of {hardMatched.Length} matched");
        log.WriteLine($"  protected-score EER {IrisEvaluation.Pct(result.Eer)}; unprotected baseline (cosine) EER {IrisEvaluation.Pct(result.BaselineEer)}");
        IrisEvaluation.WriteDet(log, gScores, iScores, gBase, iBase, [40, 60, 70, 80, 87], "errors ≤ t'");
        log.WriteLine($"  decode per attempt (projection of the probe + BCH): p50 {decodeP50:F3} ms, p95 {decodeP95:F3} ms wall; {decodeCpu:F3} ms CPU mean [target ≤ 2 ms]");
        log.WriteLine($"  full match with Argon2id (3, 64 MiB): p50 {matchP50:F0} ms, p95 {matchP95:F0} ms wall; {matchCpu:F0} ms CPU mean [target p95 ≤ 150 ms]; record {recordBytes} bytes");
        log.WriteLine($"  unlinkability D↔sys: with pepper (δ1⊕δ2 decodability) {result.UnlinkabilityWithPepper:F3} [target ≤ 0.05]; pepper leaked (eigenvector of the selected rows) {result.UnlinkabilityWithoutPepper:F3}");
        log.WriteLine($"  renewability: a fresh capture matches both of two independent enrolments for {IrisEvaluation.Pct(result.Renewability)} of subjects");
        return result;
    }

    private Enrolment Enrol(EmbeddingFuzzyCommitment scheme, Random random, float[] identity, double pairMean)
    {
        float[][] vectors = Enumerable.Range(0, 3).Select(_ => FaceGenerator.Capture(random, identity, pairMean)).ToArray();
        List<EmbeddingCapture> captures = vectors.Select(v => EmbeddingCapture.Create(v).Value).ToList();
        var key = new byte[s_code.MessageBytes];
        var record = scheme.Enroll(captures, Did, key);
        captures.ForEach(c => c.Dispose());
        return new Enrolment(record.Value, key, s_code.Encode(key), FaceGenerator.Mean(vectors));
    }

    private static (bool Matched, int Weight, bool Miscorrected) Compare(EmbeddingReference reference, Enrolment enrolment, float[] probe)
    {
        var key = new byte[s_code.MessageBytes];
        var received = new byte[s_code.CodewordBytes];
        bool decoded = reference.TryDecode(probe, key, received);
        int weight = Distance(received, enrolment.Codeword);
        bool same = decoded && key.AsSpan().SequenceEqual(enrolment.Key);
        return (same, weight, decoded && !same);
    }

    // Power iteration on Σ r rᵀ over the selected rows: its top eigenvector is ±x when the rows are known.
    private static float[] Direction(EmbeddingReference reference)
    {
        var v = new double[FaceGenerator.Dimensions];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = 1.0 / Math.Sqrt(v.Length);
        }

        var next = new double[v.Length];
        for (int iteration = 0; iteration < 12; iteration++)
        {
            Array.Clear(next);
            for (int k = 0; k < EmbeddingFuzzyCommitment.SelectedBits; k++)
            {
                ReadOnlySpan<float> row = reference.Row(k);
                double dot = 0;
                for (int i = 0; i < row.Length; i++)
                {
                    dot += row[i] * v[i];
                }

                for (int i = 0; i < row.Length; i++)
                {
                    next[i] += dot * row[i];
                }
            }

            double norm = Math.Sqrt(next.Sum(x => x * x));
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = next[i] / norm;
            }
        }

        return v.Select(x => (float)x).ToArray();
    }

    private (double P50, double P95, double CpuMean) TimeDecodes(EmbeddingFuzzyCommitment scheme, int seed)
    {
        // One attempt = projecting the probe on the 511 prepared rows and decoding, as Match does after Prepare.
        var times = new List<double>();
        TimeSpan cpuStart = Statistics.ProcessCpu();
        Random random = Statistics.Seeded(seed, 16, 0);
        t_random = random;
        var identity = new FaceGenerator(seed).Identity(random);
        Enrolment e = Enrol(scheme, random, identity, GenuineMean);
        using EmbeddingReference reference = scheme.Prepare(e.Record);
        var key = new byte[s_code.MessageBytes];
        foreach ((float[] probe, _) in _decodeSample.Take(2000))
        {
            long start = Stopwatch.GetTimestamp();
            reference.TryDecode(probe, key);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return (Statistics.Percentile(times, 0.50), Statistics.Percentile(times, 0.95), (Statistics.ProcessCpu() - cpuStart).TotalMilliseconds / Math.Max(1, times.Count));
    }

    private (double P50, double P95, double CpuMean) TimeFullMatches(FaceGenerator generator, int seed)
    {
        using var pepper = IrisEvaluation.Pepper(seed + 12);
        var protector = new BiometricProtector(pepper);
        var times = new List<double>();
        TimeSpan cpuStart = Statistics.ProcessCpu();
        for (int i = 0; i < settings.TimedMatches; i++)
        {
            Random random = Statistics.Seeded(seed, 17, i);
            float[] identity = generator.Identity(random);
            var captures = Enumerable.Range(0, 3).Select(_ => (BiometricCapture)EmbeddingCapture.Create(FaceGenerator.Capture(random, identity, GenuineMean)).Value).ToList();
            var record = protector.Enroll(BiometricModality.Face, captures, Did);
            captures.ForEach(c => c.Dispose());
            using EmbeddingCapture probe = EmbeddingCapture.Create(FaceGenerator.Capture(random, identity, GenuineMean)).Value;
            long start = Stopwatch.GetTimestamp();
            protector.Match(probe, Did, record.Value);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return (Statistics.Percentile(times, 0.50), Statistics.Percentile(times, 0.95), (Statistics.ProcessCpu() - cpuStart).TotalMilliseconds / Math.Max(1, times.Count));
    }

    private static double LinkScore(byte[] first, byte[] second)
    {
        var delta = new byte[s_code.CodewordBytes];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = (byte)(first[i] ^ second[i]);
        }

        var result = s_code.Decode(delta, new byte[s_code.MessageBytes]);
        return result.IsSuccess ? result.Value : Distance(delta, new byte[delta.Length]);
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
