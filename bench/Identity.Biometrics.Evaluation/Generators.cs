using System.Numerics;

namespace Identity.Biometrics.Evaluation;

/// <summary>Genuine-comparison statistics of an iris setting: per-pair Hamming distance mean and SD (biometrics.md §3.1).</summary>
internal sealed record IrisStatistics(string Name, double PairMean, double PairSd)
{
    public static readonly IrisStatistics Favourable = new("favourable", 0.089, 0.042);
    public static readonly IrisStatistics Harsh = new("harsh", 0.11, 0.065);

    // Each capture is the subject's code with independent noise at distance h from it; two captures then differ in
    // about 2h(1 − h) of their bits, so h's mean solves 2h(1 − h) = PairMean and its SD is PairSd / √2.
    public double CaptureMean => (1 - Math.Sqrt(1 - (2 * PairMean))) / 2;

    public double CaptureSd => PairSd / Math.Sqrt(2);
}

/// <summary>A synthetic eye: its 2048-bit code and where its eyelid band sits.</summary>
internal sealed record IrisSubject(byte[] Code, int EyelidCentre);

/// <summary>
/// IrisCode-like synthetic data (biometrics.md §3.1): 249 independent fair "super-bits" each spread over about 8
/// adjacent bits, 1% fixed per-bit noise; captures add Beta-distributed noise (70% in bursts of 8–64 bits), an eyelid
/// band of 10–35% of the bits around the eye's own position, and a cyclic rotation of up to ±4 columns each (so up to
/// ±8 between two captures).
/// </summary>
internal static class IrisGenerator
{
    public const int Bits = 2048;
    public const int Bytes = Bits / 8;
    public const int SuperBits = 249;
    public const int MaxRotationColumns = 8;
    public const double MinMasked = 0.10;
    public const double MaxMasked = 0.35;

    public static IrisSubject Subject(Random random)
    {
        var code = new byte[Bytes];
        for (int block = 0; block < SuperBits; block++)
        {
            int bit = random.Next(2);
            for (int i = block * Bits / SuperBits; i < (block + 1) * Bits / SuperBits; i++)
            {
                int value = bit ^ (random.NextDouble() < 0.01 ? 1 : 0);
                code[i >> 3] |= (byte)(value << (i & 7));
            }
        }

        return new IrisSubject(code, random.Next(Bits));
    }

    /// <summary>
    /// One capture. Captures masking more than <paramref name="maxAcceptedMasked"/> are retaken (a device asks for
    /// another image); <paramref name="retakes"/> counts them (the failure-to-acquire rate).
    /// </summary>
    public static (byte[] Bits, byte[] Mask) Capture(
        Random random, IrisSubject subject, IrisStatistics stats, double maxAcceptedMasked, ref int retakes, bool aligned = false, bool masked = true)
    {
        double h = Statistics.Beta(random, stats.CaptureMean, stats.CaptureSd);
        byte[] bits = Noisy(random, subject.Code, (int)Math.Round(h * Bits));

        // Each capture is turned by up to ±4 columns from the eye's frame, so two captures differ by up to ±8 columns:
        // the rotation search of the scheme and of the baseline.
        int columns = aligned ? 0 : random.Next(-MaxRotationColumns / 2, (MaxRotationColumns / 2) + 1);
        bits = Rotate(bits, columns * 8);
        double fraction = 0;
        while (masked && (fraction = MinMasked + (random.NextDouble() * (MaxMasked - MinMasked))) > maxAcceptedMasked)
        {
            retakes++;
        }

        var mask = Enumerable.Repeat((byte)0xFF, Bytes).ToArray();
        int length = masked ? (int)Math.Round(fraction * Bits) : 0;
        int start = subject.EyelidCentre + random.Next(-16, 17) - (length / 2);
        for (int k = 0; k < length; k++)
        {
            int i = ((start + k) % Bits + Bits) % Bits;
            mask[i >> 3] &= unchecked((byte)~(1 << (i & 7)));

            // Under the eyelid the device reports noise, not the iris.
            bits[i >> 3] = (byte)((bits[i >> 3] & ~(1 << (i & 7))) | (random.Next(2) << (i & 7)));
        }

        return (bits, mask);
    }

    /// <summary>Flips exactly <paramref name="count"/> bits: 70% in bursts of 8–64 adjacent bits, the rest uniformly.</summary>
    public static byte[] Noisy(Random random, byte[] code, int count)
    {
        var flip = new bool[Bits];
        int marked = 0;
        int bursty = (int)Math.Round(0.7 * count);
        while (marked < bursty)
        {
            int start = random.Next(Bits);
            int length = random.Next(8, 65);
            for (int k = 0; k < length && marked < bursty; k++)
            {
                int i = (start + k) % Bits;
                if (!flip[i])
                {
                    flip[i] = true;
                    marked++;
                }
            }
        }

        while (marked < count)
        {
            int i = random.Next(Bits);
            if (!flip[i])
            {
                flip[i] = true;
                marked++;
            }
        }

        var result = (byte[])code.Clone();
        for (int i = 0; i < Bits; i++)
        {
            if (flip[i])
            {
                result[i >> 3] ^= (byte)(1 << (i & 7));
            }
        }

        return result;
    }

    /// <summary>Output bit i = input bit (i − shift): the capture of an eye turned by <paramref name="shift"/> bits.</summary>
    public static byte[] Rotate(byte[] input, int shift)
    {
        var output = new byte[Bytes];
        for (int i = 0; i < Bits; i++)
        {
            int j = ((i - shift) % Bits + Bits) % Bits;
            output[i >> 3] |= (byte)(((input[j >> 3] >> (j & 7)) & 1) << (i & 7));
        }

        return output;
    }

    /// <summary>The unprotected baseline: the lowest masked fractional Hamming distance over rotations of ±8 columns.</summary>
    public static double MinMaskedDistance(byte[] referenceBits, byte[] referenceMask, byte[] probeBits, byte[] probeMask)
    {
        double best = 1;
        for (int columns = -MaxRotationColumns; columns <= MaxRotationColumns; columns++)
        {
            int disagree = 0;
            int common = 0;
            int shift = columns;
            for (int b = 0; b < Bytes; b++)
            {
                int p = ((b + shift) % Bytes + Bytes) % Bytes;
                int both = referenceMask[b] & probeMask[p];
                common += BitOperations.PopCount((uint)both);
                disagree += BitOperations.PopCount((uint)((referenceBits[b] ^ probeBits[p]) & both));
            }

            if (common > 0)
            {
                best = Math.Min(best, (double)disagree / common);
            }
        }

        return best;
    }
}

/// <summary>
/// ArcFace-like synthetic embeddings (biometrics.md §3.1): identities μ = normalise(U·z) in a fixed 160-dimensional
/// random subspace (impostor cosine ≈ N(0, 1/√160)); captures normalise(μ + σε) with σ drawn per capture so that two
/// captures of one identity have cosine ≈ N(mean, 0.10); "relatives" at μ-cosine 0.3–0.5 as hard impostors.
/// </summary>
internal sealed class FaceGenerator
{
    public const int Dimensions = 512;
    public const int Effective = 160;

    private readonly float[] _basis;

    public FaceGenerator(int seed)
    {
        var random = new Random(seed);
        _basis = new float[Dimensions * Effective];
        for (int i = 0; i < _basis.Length; i++)
        {
            _basis[i] = (float)Statistics.Gaussian(random);
        }
    }

    public float[] Identity(Random random)
    {
        var v = new double[Dimensions];
        for (int k = 0; k < Effective; k++)
        {
            double z = Statistics.Gaussian(random);
            for (int i = 0; i < Dimensions; i++)
            {
                v[i] += _basis[(i * Effective) + k] * z;
            }
        }

        return Normalise(v);
    }

    /// <summary>A relative of <paramref name="identity"/>: another identity at μ-cosine drawn from 0.3–0.5.</summary>
    public float[] Relative(Random random, float[] identity)
    {
        float[] other = Identity(random);
        double dot = Cosine(identity, other);
        var orthogonal = new double[Dimensions];
        for (int i = 0; i < Dimensions; i++)
        {
            orthogonal[i] = other[i] - (dot * identity[i]);
        }

        float[] unit = Normalise(orthogonal);
        double rho = 0.3 + (0.2 * random.NextDouble());
        double sin = Math.Sqrt(1 - (rho * rho));
        return Normalise(Enumerable.Range(0, Dimensions).Select(i => (rho * identity[i]) + (sin * unit[i])).ToArray());
    }

    /// <summary>A capture; two captures of one identity have cosine ≈ N(<paramref name="pairMean"/>, 0.10).</summary>
    public static float[] Capture(Random random, float[] identity, double pairMean)
    {
        // cos(capture, μ) = a with a ~ N(√mean, s): pairs then have cosine a₁a₂ ≈ mean with SD ≈ √2·√mean·s = 0.10.
        double root = Math.Sqrt(pairMean);
        double a = Math.Clamp(root + (Statistics.Gaussian(random) * 0.10 / (Math.Sqrt(2) * root)), 0.2, 0.995);
        double sigma = Math.Sqrt(((1 / (a * a)) - 1) / Dimensions);
        var v = new double[Dimensions];
        for (int i = 0; i < Dimensions; i++)
        {
            v[i] = identity[i] + (sigma * Statistics.Gaussian(random));
        }

        return Normalise(v);
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    public static float[] Mean(IEnumerable<float[]> vectors)
    {
        var sum = new double[Dimensions];
        foreach (float[] v in vectors)
        {
            for (int i = 0; i < Dimensions; i++)
            {
                sum[i] += v[i];
            }
        }

        return Normalise(sum);
    }

    private static float[] Normalise(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => (float)(x / norm)).ToArray();
    }
}
