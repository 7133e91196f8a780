namespace Identity.Biometrics;

/// <summary>The biometric characteristic a capture or record belongs to (biometrics.md, "The contract").</summary>
public enum BiometricModality
{
    /// <summary>Iris: 2048-bit IrisCode-like templates with masks, in the <c>binary</c> capture format.</summary>
    Iris,

    /// <summary>Face: 512-dimensional L2-normalised embeddings, in the <c>embedding</c> capture format.</summary>
    Face,
}

/// <summary>The wire names of <see cref="BiometricModality"/> (<c>iris</c>, <c>face</c>).</summary>
public static class BiometricModalities
{
    /// <summary>The lower-case wire name.</summary>
    public static string Name(this BiometricModality modality) => modality switch
    {
        BiometricModality.Iris => "iris",
        BiometricModality.Face => "face",
        _ => throw new ArgumentOutOfRangeException(nameof(modality), modality, "Unknown modality."),
    };

    /// <summary>Parses a wire name; exact, lower case.</summary>
    public static bool TryParse(string? name, out BiometricModality modality)
    {
        switch (name)
        {
            case "iris":
                modality = BiometricModality.Iris;
                return true;
            case "face":
                modality = BiometricModality.Face;
                return true;
            default:
                modality = default;
                return false;
        }
    }
}
