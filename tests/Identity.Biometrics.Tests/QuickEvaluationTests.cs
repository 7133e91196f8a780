using Identity.Biometrics.Evaluation;
using Runner = Identity.Biometrics.Evaluation.Evaluation;

namespace Identity.Biometrics.Tests;

/// <summary>
/// CI's run of the evaluation tool (<c>--quick</c>, in-process, fixed seeds, so the figures are the same on every run)
/// against the targets of biometrics.md that its sample sizes can establish. The full run and its figures are in
/// docs/biometrics.md.
/// </summary>
[TestClass]
public sealed class QuickEvaluationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void QuickEvaluation_MeetsTheTargetsItCanEstablish()
    {
        var log = new StringWriter();

        IReadOnlyDictionary<string, ModalityResult> results = Runner.Run(EvaluationSettings.Quick, log);

        TestContext.WriteLine(log.ToString());
        ModalityResult iris = results["iris"];
        ModalityResult face = results["face"];

        // At least 10,000 impostor decodes per modality, and not one false match among them.
        Assert.IsGreaterThanOrEqualTo(10_000L, iris.ImpostorTrials);
        Assert.IsGreaterThanOrEqualTo(10_000L, face.ImpostorTrials);
        Assert.AreEqual(0L, iris.FalseMatches);
        Assert.AreEqual(0L, face.FalseMatches);

        // Face at genuine cosine 0.65: FNMR ≤ 1%.
        Assert.IsLessThanOrEqualTo(0.01, face.Fnmr);

        // Iris with the 10–35% eyelid bands of §3.1, favourable statistics, 3-capture enrolment: FNMR ≤ 0.3% (issue 22's
        // target is ≤ 0.5%, stretch ≤ 0.3%), now that masked and unreliable bits are erasures; also without masks, and
        // the harsh statistics within 3% (a regression bound). Enrolment refuses few subjects (failure to enrol ≤ 1%).
        Assert.IsLessThanOrEqualTo(0.003, iris.Fnmr);
        Assert.IsLessThanOrEqualTo(0.003, iris.UnmaskedFnmr!.Value);
        Assert.IsLessThanOrEqualTo(0.03, iris.HarshFnmr!.Value);
        Assert.IsLessThanOrEqualTo(0.01, iris.FailureToEnrol!.Value);

        // Unlinkability: D↔sys ≤ 0.05 with the pepper secret; without it, records of one subject link (why the pepper exists).
        Assert.IsLessThanOrEqualTo(0.05, iris.UnlinkabilityWithPepper);
        Assert.IsLessThanOrEqualTo(0.05, face.UnlinkabilityWithPepper);
        Assert.IsGreaterThanOrEqualTo(0.5, iris.UnlinkabilityWithoutPepper);
        Assert.IsGreaterThanOrEqualTo(0.5, face.UnlinkabilityWithoutPepper);

        // Renewability: a fresh capture verifies against both of two independent enrolments; records stay under 1 KB.
        Assert.IsGreaterThanOrEqualTo(0.9, iris.Renewability);
        Assert.IsGreaterThanOrEqualTo(0.99, face.Renewability);
        Assert.IsLessThanOrEqualTo(1024, iris.RecordBytes);
        Assert.IsLessThanOrEqualTo(1024, face.RecordBytes);
    }
}
