namespace Identity.Biometrics.Evaluation;

/// <summary>How much of each experiment to run; <see cref="Quick"/> is the CI run, <see cref="Full"/> the documented one.</summary>
internal sealed record EvaluationSettings
{
    public required string Mode { get; init; }
    public int Seed { get; init; } = 20240601;
    public int IrisSubjects { get; init; }
    public int IrisGenuinePerSubject { get; init; }
    public int IrisHarshPerSubject { get; init; }
    public long IrisImpostorDecodes { get; init; }
    public int IrisBaselineImpostorScores { get; init; }
    public int FaceSubjects { get; init; }
    public int FaceGenuinePerSubject { get; init; }
    public long FaceImpostorDecodes { get; init; }
    public int FaceHardImpostorsPerSubject { get; init; }
    public int FaceSweepSubjects { get; init; }
    public int TimedMatches { get; init; }
    public int IrisLinkPairs { get; init; }
    public int IrisToleranceTrials { get; init; }
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
    public bool IrisOnly { get; init; }

    public static EvaluationSettings Quick { get; } = new()
    {
        Mode = "quick",
        IrisSubjects = 300,
        IrisGenuinePerSubject = 4,
        IrisHarshPerSubject = 1,
        IrisImpostorDecodes = 10_200,
        IrisBaselineImpostorScores = 100_000,
        IrisLinkPairs = 2000,
        IrisToleranceTrials = 100,
        FaceSubjects = 400,
        FaceGenuinePerSubject = 3,
        FaceImpostorDecodes = 10_500,
        FaceHardImpostorsPerSubject = 4,
        FaceSweepSubjects = 0,
        TimedMatches = 12,
    };

    public static EvaluationSettings Full { get; } = new()
    {
        Mode = "full",
        IrisSubjects = 1000,
        IrisGenuinePerSubject = 10,
        IrisHarshPerSubject = 2,
        IrisImpostorDecodes = 3_000_000,
        IrisBaselineImpostorScores = 1_000_000,
        IrisLinkPairs = 5000,
        IrisToleranceTrials = 400,
        FaceSubjects = 1000,
        FaceGenuinePerSubject = 10,
        FaceImpostorDecodes = 3_000_000,
        FaceHardImpostorsPerSubject = 10,
        FaceSweepSubjects = 100,
        TimedMatches = 60,
    };
}
