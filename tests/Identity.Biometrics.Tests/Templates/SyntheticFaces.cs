namespace Identity.Biometrics.Tests.Templates;

/// <summary>Seeded 512-d unit vectors: identities and noisy captures of them at a chosen cosine.</summary>
internal static class SyntheticFaces
{
    public const int Dimensions = 512;

    public static float[] Identity(Random random)
    {
        var v = new double[Dimensions];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Gaussian(random);
        }

        return Normalise(v);
    }

    /// <summary>A capture whose cosine with <paramref name="identity"/> is about <paramref name="cosine"/>.</summary>
    public static float[] Capture(Random random, float[] identity, double cosine)
    {
        // cos = 1 / sqrt(1 + σ²·d) for μ + σε with ε ~ N(0, I_d), so σ = sqrt((1/cos² − 1) / d).
        double sigma = Math.Sqrt(((1 / (cosine * cosine)) - 1) / Dimensions);
        var v = new double[Dimensions];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = identity[i] + (sigma * Gaussian(random));
        }

        return Normalise(v);
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    private static float[] Normalise(double[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => (float)(x / norm)).ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
