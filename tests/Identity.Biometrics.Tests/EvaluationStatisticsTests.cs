using Identity.Biometrics.Evaluation;

namespace Identity.Biometrics.Tests;

/// <summary>The evaluation's metrics on distributions whose answer is known, so the quick evaluation's checks can fail.</summary>
[TestClass]
public sealed class EvaluationStatisticsTests
{
    [TestMethod]
    public void Linkability_SameDistribution_IsNearZero_SeparatedDistributions_IsOne()
    {
        var random = new Random(1);
        double[] mated = Enumerable.Range(0, 2000).Select(_ => Statistics.Gaussian(random)).ToArray();
        double[] nonMated = Enumerable.Range(0, 6000).Select(_ => Statistics.Gaussian(random)).ToArray();
        double[] far = nonMated.Select(x => x + 20).ToArray();

        Assert.IsLessThan(0.05, Statistics.Linkability(mated, nonMated));
        Assert.IsGreaterThan(0.99, Statistics.Linkability(mated, far));
    }

    [TestMethod]
    public void Linkability_PartlyShiftedMatedScores_IsBetween()
    {
        var random = new Random(2);
        double[] mated = Enumerable.Range(0, 2000).Select(_ => Statistics.Gaussian(random) - 1).ToArray();
        double[] nonMated = Enumerable.Range(0, 6000).Select(_ => Statistics.Gaussian(random)).ToArray();

        double linkability = Statistics.Linkability(mated, nonMated);

        Assert.IsTrue(linkability is > 0.2 and < 0.6, $"D↔sys {linkability}");
    }

    [TestMethod]
    public void Eer_AndFnmrAtFmr_OnKnownScores()
    {
        double[] genuine = [.. Enumerable.Range(0, 100).Select(i => (double)i)];
        double[] impostor = [.. Enumerable.Range(50, 100).Select(i => (double)i)];
        double[] farImpostor = [.. Enumerable.Range(1000, 2000).Select(i => (double)i)];

        Assert.AreEqual(0.25, Statistics.Eer(genuine, impostor), 0.02);
        Assert.AreEqual(0.0, Statistics.Eer(genuine, farImpostor), 1e-9);
        Assert.AreEqual(0.0, Statistics.FnmrAtFmr(genuine, farImpostor, 1e-3));
        Assert.IsNull(Statistics.FnmrAtFmr(genuine, impostor, 1e-3), "100 impostor scores cannot resolve FMR 1e-3");
    }

    [TestMethod]
    public void Beta_HasTheRequestedMeanAndSd()
    {
        var random = new Random(3);
        var draws = Enumerable.Range(0, 20000).Select(_ => Statistics.Beta(random, 0.089, 0.042)).ToList();

        (double mean, double sd) = Statistics.MeanSd(draws);

        Assert.AreEqual(0.089, mean, 0.002);
        Assert.AreEqual(0.042, sd, 0.002);
    }
}
