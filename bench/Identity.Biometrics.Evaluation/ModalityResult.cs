using System.Text.Json.Serialization;

namespace Identity.Biometrics.Evaluation;

/// <summary>One modality's figures; the first eleven properties are the <c>--json</c> contract of issue 5.</summary>
internal sealed record ModalityResult
{
    /// <summary>Protected-system FNMR: genuine comparisons whose capture did not recover the enrolled key.</summary>
    [JsonPropertyName("fnmr")] public double Fnmr { get; init; }

    /// <summary>Observed false matches per impostor decode attempt (decoder level: decode succeeded with the enrolled key).</summary>
    [JsonPropertyName("fmr")] public double Fmr { get; init; }

    [JsonPropertyName("genuineTrials")] public long GenuineTrials { get; init; }

    /// <summary>Impostor decode attempts (iris: every rotation tried counts once).</summary>
    [JsonPropertyName("impostorTrials")] public long ImpostorTrials { get; init; }

    /// <summary>EER of the protected score (the received word's distance from the enrolled codeword, best rotation).</summary>
    [JsonPropertyName("eer")] public double Eer { get; init; }

    [JsonPropertyName("decodeMsP95")] public double DecodeMsP95 { get; init; }
    [JsonPropertyName("matchMsP50")] public double MatchMsP50 { get; init; }
    [JsonPropertyName("matchMsP95")] public double MatchMsP95 { get; init; }
    [JsonPropertyName("recordBytes")] public int RecordBytes { get; init; }
    [JsonPropertyName("unlinkabilityWithPepper")] public double UnlinkabilityWithPepper { get; init; }
    [JsonPropertyName("unlinkabilityWithoutPepper")] public double UnlinkabilityWithoutPepper { get; init; }

    // Supporting figures.
    [JsonPropertyName("falseMatches")] public long FalseMatches { get; init; }
    [JsonPropertyName("fmrUpper95")] public double FmrUpper95 { get; init; }
    [JsonPropertyName("impostorComparisons")] public long ImpostorComparisons { get; init; }
    [JsonPropertyName("miscorrections")] public long Miscorrections { get; init; }
    [JsonPropertyName("decodeMsP50")] public double DecodeMsP50 { get; init; }

    /// <summary>Process CPU time per decode (and per full match, below): on a shared machine wall time is inflated.</summary>
    [JsonPropertyName("decodeCpuMsMean")] public double DecodeCpuMsMean { get; init; }
    [JsonPropertyName("matchCpuMsMean")] public double MatchCpuMsMean { get; init; }
    [JsonPropertyName("baselineEer")] public double BaselineEer { get; init; }
    [JsonPropertyName("harshFnmr")] public double? HarshFnmr { get; init; }
    [JsonPropertyName("unmaskedFnmr")] public double? UnmaskedFnmr { get; init; }
    [JsonPropertyName("singleCaptureFnmr")] public double? SingleCaptureFnmr { get; init; }
    [JsonPropertyName("hardImpostorFmr")] public double? HardImpostorFmr { get; init; }
    [JsonPropertyName("renewability")] public double Renewability { get; init; }
    [JsonPropertyName("failureToAcquire")] public double FailureToAcquire { get; init; }

    /// <summary>Enrolment attempts the quality gate refused (captures that disagree, or too little reliable reference).</summary>
    [JsonPropertyName("failureToEnrol")] public double? FailureToEnrol { get; init; }

    /// <summary>Guessing entropy estimate in bits: DoF·(1 − H(h50)), h50 the error rate half the probes survive.</summary>
    [JsonPropertyName("entropyBits")] public double? EntropyBits { get; init; }

    /// <summary>The same estimate for an attacker whose probe is masked at the limit (30%): 0.7·DoF·(1 − H(h50, masked)).</summary>
    [JsonPropertyName("entropyBitsMasked")] public double? EntropyBitsMasked { get; init; }
}
